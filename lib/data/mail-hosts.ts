import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { seal, SecretBoxError, sshKeyContext, unseal } from '../crypto/secret-box';
import { generateSshIdentity, readPrivateKey } from '../crypto/ssh-identity';
import { MailHostInput, type MailHostValues } from '../validation/mail-host';
import { markHostChanged, recordAudit } from './audit';
import { DomainError, NotFoundError } from './errors';
import { assertCan, assertKind } from './guard';
import { domainScope, mailHostScope } from './scope';
import { isUniqueViolation } from './unique';

const TAKEN = 'A mail host with that name exists already.';

/**
 * Operators see every host with its connection and last error; a reseller sees the hosts assigned to it
 * with their sync status only: no paths, no addresses, and of an error only the step that fails (a
 * tool's text can quote any tenant's data on the host).
 */
export async function listMailHosts(actor: Actor) {
  const hosts = await db().mailHost.findMany({
    where: mailHostScope(actor),
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      flavor: true,
      transport: true,
      enabled: true,
      mapDir: true,
      sshHost: true,
      changeSeq: true,
      syncedSeq: true,
      liveRevision: true,
      lastSyncAt: true,
      failingSince: true,
      lastError: true,
      // A reseller counts its own domains on a shared host, not its neighbours'.
      _count: { select: { domains: { where: domainScope(actor) } } },
    },
  });
  const operator = actor.kind === 'admin' || actor.kind === 'support';
  // A reseller sees whether its own changes wait, never the host's revision counter or last publish:
  // those move with every other tenant's edits (docs/tenancy.md, rule 6).
  const own = await Promise.all(hosts.map((h) => ownChangeSeq(actor, h.id, h.changeSeq)));
  return hosts.map((h, i) => ({
    ...h,
    mapDir: operator ? h.mapDir : null,
    sshHost: operator ? h.sshHost : null,
    lastError: operator ? h.lastError : h.lastError ? `publishing fails at the ${h.lastError.split(':')[0]} step` : null,
    liveRevision: operator ? h.liveRevision : Math.min(h.liveRevision, 1), // published at all, not how often
    lastSyncAt: operator ? h.lastSyncAt : null,
    changeSeq: operator ? h.changeSeq : 0n,
    syncedSeq: operator ? h.syncedSeq : 0n,
    waiting: (own[i] ?? h.changeSeq) > h.syncedSeq,
  }));
}

/** The hosts a new domain of this reseller may be placed on (assigned and enabled). */
export async function listHostsForReseller(actor: Actor, resellerId: string) {
  return db().mailHost.findMany({
    where: { AND: [mailHostScope(actor), { enabled: true, resellers: { some: { resellerId } } }] },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, flavor: true },
  });
}

/** One host for the operator's pages (never the private key; whether it can still be opened). */
export async function getMailHost(actor: Actor, id: string) {
  assertKind(actor, 'admin', 'support');
  const host = await db().mailHost.findFirst({
    where: { AND: [mailHostScope(actor), { id }] },
    select: {
      id: true,
      name: true,
      flavor: true,
      transport: true,
      enabled: true,
      mapDir: true,
      settings: true,
      sshHost: true,
      sshPort: true,
      sshUser: true,
      sshHostKey: true,
      sshPublicKey: true,
      sshPrivateKey: true,
      changeSeq: true,
      syncedSeq: true,
      liveRevision: true,
      lastSyncAt: true,
      failingSince: true,
      lastError: true,
      createdAt: true,
      _count: { select: { domains: true, accounts: true, aliases: true } },
    },
  });
  if (!host) throw new NotFoundError('That mail host');
  const { sshPrivateKey, ...rest } = host;
  return { ...rest, sshKeyState: keyState(host.id, sshPrivateKey) };
}

function keyState(id: string, sealed: string | null): 'none' | 'ok' | 'unreadable' {
  if (!sealed) return 'none';
  try {
    unseal(sealed, sshKeyContext(id));
    return 'ok';
  } catch (error) {
    if (error instanceof SecretBoxError) return 'unreadable';
    throw error;
  }
}

export async function createMailHost(actor: Actor, input: MailHostInput) {
  assertKind(actor, 'admin', 'support');
  assertCan(actor, 'create', { type: 'mailHost', assignedResellerIds: [] });
  const v = MailHostInput.parse(input);
  try {
    return await db().$transaction(async (tx) => {
      const host = await tx.mailHost.create({ data: { ...columns(v), sshPrivateKey: null }, select: { id: true, name: true } });
      const publicKey = await storeKey(tx, host.id, v, v.sshKey ?? 'generate');
      await recordAudit(tx, actor, {
        action: 'mailHost.create',
        targetType: 'mailHost',
        targetId: host.id,
        details: {
          name: host.name,
          flavor: v.flavor,
          transport: v.transport,
          settings: v.settings as Prisma.InputJsonValue,
          sshPublicKey: publicKey,
        },
      });
      return host;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(TAKEN, { name: [TAKEN] });
    throw error;
  }
}

/** Changes connection, paths or commands; the host is then republished with them. */
export async function updateMailHost(actor: Actor, id: string, input: MailHostInput) {
  assertKind(actor, 'admin', 'support');
  assertCan(actor, 'update', { type: 'mailHost', assignedResellerIds: [] });
  const v = MailHostInput.parse(input);
  try {
    await db().$transaction(async (tx) => {
      const current = await tx.mailHost.findFirst({ where: { AND: [mailHostScope(actor), { id }] }, select: { id: true, name: true } });
      if (!current) throw new NotFoundError('That mail host');
      await tx.mailHost.update({ where: { id: current.id }, data: columns(v) });
      const publicKey = await storeKey(tx, current.id, v, v.sshKey ?? 'keep');
      await recordAudit(tx, actor, {
        action: 'mailHost.update',
        targetType: 'mailHost',
        targetId: current.id,
        details: {
          name: v.name,
          previousName: current.name,
          flavor: v.flavor,
          transport: v.transport,
          enabled: v.enabled ?? true,
          settings: v.settings as Prisma.InputJsonValue,
          ...(publicKey ? { sshPublicKey: publicKey } : {}),
        },
      });
      await markHostChanged(tx, current.id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(TAKEN, { name: [TAKEN] });
    throw error;
  }
  // Whether to publish now is the job layer's (lib/jobs/host-requests.ts).
  return { enabled: v.enabled ?? true };
}

function columns(v: MailHostValues) {
  const ssh = v.transport === 'SSH';
  return {
    name: v.name,
    flavor: v.flavor,
    transport: v.transport,
    enabled: v.enabled ?? true,
    mapDir: v.mapDir,
    sshHost: ssh ? (v.sshHost ?? null) : null,
    sshPort: v.sshPort,
    sshUser: ssh ? (v.sshUser ?? null) : null,
    sshHostKey: ssh ? (v.sshHostKey ?? null) : null,
    settings: v.settings as Prisma.InputJsonValue,
  };
}

/**
 * The panel's SSH login for the host: generated here (the private half never reaches a browser) or
 * pasted, and sealed before it is stored. Returns the public key when it changed.
 */
async function storeKey(
  tx: Prisma.TransactionClient,
  id: string,
  v: MailHostValues,
  mode: 'generate' | 'paste' | 'keep',
): Promise<string | null> {
  if (v.transport !== 'SSH' || mode === 'keep') return null;
  let identity;
  if (mode === 'paste') {
    identity = readPrivateKey(v.sshPrivateKey ?? '', v.name);
    if ('error' in identity) throw new DomainError(identity.error, { sshPrivateKey: [identity.error] });
  } else {
    identity = generateSshIdentity(v.name);
  }
  await tx.mailHost.update({
    where: { id },
    data: { sshPrivateKey: seal(identity.privateKey, sshKeyContext(id)), sshPublicKey: identity.publicKey },
  });
  return identity.publicKey;
}

/** "Sync now", recorded (audited): lib/jobs/host-requests.ts queues the publish at once. */
export async function requestSync(actor: Actor, id: string): Promise<{ id: string; name: string }> {
  assertKind(actor, 'admin', 'support');
  assertCan(actor, 'update', { type: 'mailHost', assignedResellerIds: [] });
  const host = await db().$transaction(async (tx) => {
    const found = await tx.mailHost.findFirst({
      where: { AND: [mailHostScope(actor), { id }] },
      select: { id: true, name: true, enabled: true },
    });
    if (!found) throw new NotFoundError('That mail host');
    if (!found.enabled) throw new DomainError(`${found.name} is disabled: enable it before publishing to it.`);
    await recordAudit(tx, actor, { action: 'mailHost.syncNow', targetType: 'mailHost', targetId: found.id, details: { name: found.name } });
    return found;
  });
  return { id: host.id, name: host.name };
}

// ─── "Live on the mail host" or "waiting for sync", for whoever made a change ───────────────────

export type SyncState = 'live' | 'waiting' | 'failing' | 'off';

/**
 * Who may ask about a host's sync state: whoever may see the host, and anyone with mail data on it (a
 * customer never sees hosts, but does see whether its own changes are live). The answer is one word; the
 * mark is the host's changeSeq when the page was drawn, sealed so it reveals nothing about other tenants'
 * activity and cannot be pointed at another host.
 */
function statusScope(actor: Actor): Prisma.MailHostWhereInput {
  switch (actor.kind) {
    case 'admin':
    case 'support':
      return {};
    case 'reseller':
      return { OR: [mailHostScope(actor), { domains: { some: { customer: { resellerId: actor.resellerId } } } }] };
    case 'customer':
      return {
        OR: [
          { domains: { some: { customerId: actor.customerId } } },
          { accounts: { some: { customerId: actor.customerId } } },
          { aliases: { some: { customerId: actor.customerId } } },
        ],
      };
    case 'mailbox':
      return { accounts: { some: { id: actor.accountId } } };
  }
}

const markContext = (mailHostId: string) => `sync-mark:${mailHostId}`;

/**
 * Live when everything the actor saved on the host up to `mark` (by default: up to now, the time of the
 * page that follows a change) is published. Operators wait for everything on the host; a customer or
 * reseller for its own changes only. It never claims "live" early.
 */
export async function getSyncStatus(actor: Actor, mailHostId: string, mark?: string): Promise<{ state: SyncState; mark: string | null }> {
  const host = await db().mailHost.findFirst({
    where: { AND: [statusScope(actor), { id: mailHostId }] },
    select: { id: true, enabled: true, changeSeq: true, syncedSeq: true, failingSince: true },
  });
  if (!host) throw new NotFoundError('That mail host');
  const own = await ownChangeSeq(actor, host.id, host.changeSeq);
  const seq = mark ? openMark(mark, host.id) : own;
  const state: SyncState = !host.enabled ? 'off' : host.syncedSeq >= seq ? 'live' : host.failingSince ? 'failing' : 'waiting';
  return { state, mark: mark ?? sealMark(own, host.id) };
}

/**
 * The host's changeSeq at the actor's own last change on it (docs/tenancy.md, rule 6): a customer's badge
 * (and its reseller's) waits for its own changes only, so another tenant's edits never show in it.
 * Operators see the whole host.
 */
async function ownChangeSeq(actor: Actor, mailHostId: string, hostSeq: bigint): Promise<bigint> {
  if (actor.kind === 'admin' || actor.kind === 'support') return hostSeq;
  const customer = actor.kind === 'reseller' ? { customer: { resellerId: actor.resellerId } } : { customerId: actor.customerId };
  const last = await db().customerHostChange.aggregate({ where: { mailHostId, ...customer }, _max: { changeSeq: true } });
  return last._max.changeSeq ?? 0n;
}

function sealMark(seq: bigint, mailHostId: string): string | null {
  try {
    return seal(seq.toString(), markContext(mailHostId));
  } catch (error) {
    if (error instanceof SecretBoxError) return null; // no secret configured: compare with "now" instead
    throw error;
  }
}

function openMark(mark: string, mailHostId: string): bigint {
  try {
    const text = unseal(mark, markContext(mailHostId));
    if (/^\d+$/.test(text)) return BigInt(text);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
  }
  throw new NotFoundError('That mail host');
}
