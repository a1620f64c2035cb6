import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { MailHostInput, WebmailUrlInput, type MailHostValues } from '../validation/mail-host';
import { recordAudit } from './audit';
import { DomainError, NotFoundError } from './errors';
import { assertCan, assertKind } from './guard';
import { sshKeyState, storeSshKey } from './mail-host-keys';
import { domainScope, mailHostScope } from './scope';
import { HOST_CONNECTION } from './sync-host-state';
import { markHostChanged, ownChangeSeq } from './sync-trigger';
import { isUniqueViolation } from './unique';

// The mail hosts themselves: listing, one host's page, adding and changing one, and "Sync now". The SSH
// key is sealed in lib/data/mail-host-keys.ts; whether a change is live yet is lib/data/host-sync-status.ts.

const TAKEN = 'A mail host with that name exists already.';

/**
 * Operators see every host with its connection and last error; a reseller sees the hosts assigned to it
 * with their sync status only: no paths, no addresses, and no error text (a tool's text can quote any
 * tenant's data on the host; components/sync/host-status.tsx tells the reseller in its own words).
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
    // The tool's text is for operators: it can quote any tenant's data, and a reseller is told in its own words.
    lastError: operator ? h.lastError : null,
    liveRevision: operator ? h.liveRevision : Math.min(h.liveRevision, 1), // published at all, not how often
    lastSyncAt: operator ? h.lastSyncAt : null,
    changeSeq: operator ? h.changeSeq : 0n,
    syncedSeq: operator ? h.syncedSeq : 0n,
    waiting: (own[i] ?? h.changeSeq) > h.syncedSeq,
  }));
}

/** One host for the operator's pages (never the private key; whether it can still be opened). */
export async function getMailHost(actor: Actor, id: string) {
  assertKind(actor, 'admin', 'support');
  const host = await db().mailHost.findFirst({
    where: { AND: [mailHostScope(actor), { id }] },
    select: {
      ...HOST_CONNECTION,
      sshPublicKey: true,
      webmailUrl: true,
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
  return { ...rest, sshKeyState: sshKeyState(host.id, sshPrivateKey) };
}

export async function createMailHost(actor: Actor, input: MailHostInput) {
  assertKind(actor, 'admin', 'support');
  assertCan(actor, 'create', { type: 'mailHost', assignedResellerIds: [] });
  const v = MailHostInput.parse(input);
  try {
    return await db().$transaction(async (tx) => {
      const host = await tx.mailHost.create({ data: { ...columns(v), sshPrivateKey: null }, select: { id: true, name: true } });
      const publicKey = await storeSshKey(tx, host.id, v, v.sshKey ?? 'generate');
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
      const publicKey = await storeSshKey(tx, current.id, v, v.sshKey ?? 'keep');
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

/** The host's webmail link for /postoffice. Nothing is published: the MTA never sees it. */
export async function setWebmailUrl(
  actor: Actor,
  id: string,
  input: WebmailUrlInput,
): Promise<{ name: string; webmailUrl: string | null }> {
  assertKind(actor, 'admin', 'support');
  assertCan(actor, 'update', { type: 'mailHost', assignedResellerIds: [] });
  const { webmailUrl } = WebmailUrlInput.parse({ webmailUrl: input.webmailUrl ?? '' });
  return db().$transaction(async (tx) => {
    const found = await tx.mailHost.findFirst({
      where: { AND: [mailHostScope(actor), { id }] },
      select: { id: true, name: true, webmailUrl: true },
    });
    if (!found) throw new NotFoundError('That mail host');
    await tx.mailHost.update({ where: { id: found.id }, data: { webmailUrl } });
    await recordAudit(tx, actor, {
      action: 'mailHost.webmail',
      targetType: 'mailHost',
      targetId: found.id,
      details: { name: found.name, webmailUrl, previous: found.webmailUrl },
    });
    return { name: found.name, webmailUrl };
  });
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
