import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import type { AliasTargetKind, RejectCode as DbRejectCode, VirtmapTargetKind } from '../generated/prisma/enums';
import type { AliasTarget, MailSnapshot, RejectCode, VirtmapTarget } from '../mail/snapshot';
import { NotFoundError } from './errors';
import { assertKind } from './guard';

// The database's view of one mail host as the plain MailSnapshot the resolver and renderers consume.
// Only what is live on the host is in it: enabled domains, aliases and virtmaps (of enabled domains), and
// every account (a disabled one marked loginDisabled). Sorted, so the same data always gives the same snapshot.

const REJECT_CODES: Record<DbRejectCode, RejectCode> = { NOUSER_553: 'nouser', UNKNOWN_550: 'unknown', TEMPFAIL_450: 'tempfail' };

/** For operators (and the command line): a whole host, every tenant's data on it. */
export async function loadHostSnapshotByName(actor: Actor, hostName: string): Promise<MailSnapshot> {
  assertKind(actor, 'admin', 'support');
  const host = await db().mailHost.findUnique({ where: { name: hostName }, select: { id: true } });
  if (!host) throw new NotFoundError(`Mail host ${hostName}`);
  return buildSnapshot(host.id);
}

/**
 * The whole snapshot of a host, with no tenant filter: the MTA routes over all of it. Callers decide what
 * of it an actor may see (the sync job publishes all of it; traces are redacted by lib/data/routes.ts).
 */
export async function buildSnapshot(mailHostId: string, tx: Tx = db()): Promise<MailSnapshot> {
  const host = await tx.mailHost.findUniqueOrThrow({
    where: { id: mailHostId },
    select: {
      name: true, flavor: true,
      domains: { where: { enabled: true }, select: { name: true }, orderBy: { name: 'asc' } },
      // Disabled accounts stay for routing (their mail is kept) and are marked so Dovecot refuses their login.
      accounts: { select: { name: true, passwordHash: true, quotaMb: true, enabled: true }, orderBy: { name: 'asc' } },
      aliases: {
        where: { enabled: true },
        orderBy: { name: 'asc' },
        select: { name: true, targets: { orderBy: { position: 'asc' }, select: { kind: true, value: true } } },
      },
    },
  });
  const virtmaps = await tx.virtmap.findMany({
    where: { enabled: true, domain: { mailHostId, enabled: true } },
    orderBy: [{ domain: { name: 'asc' } }, { localPart: 'asc' }],
    select: { localPart: true, targetKind: true, targetValue: true, rejectCode: true, rejectText: true, domain: { select: { name: true } } },
  });
  return {
    version: 1,
    host: { name: host.name, flavor: host.flavor === 'POSTFIX' ? 'postfix' : 'sendmail' },
    domains: host.domains.map((d) => d.name),
    accounts: host.accounts.map(({ enabled, ...a }) => (enabled ? a : { ...a, loginDisabled: true as const })),
    aliases: host.aliases.map((a) => ({ name: a.name, targets: a.targets.map(aliasTarget) })),
    virtmaps: virtmaps.map((v) => ({ domain: v.domain.name, localPart: v.localPart, target: virtmapTarget(v) })),
  };
}

export function aliasTarget(t: { kind: AliasTargetKind; value: string }): AliasTarget {
  switch (t.kind) {
    case 'LOCAL':
      return { kind: 'local', name: t.value };
    case 'ACCOUNT_DIRECT':
      return { kind: 'account', name: t.value };
    case 'EXTERNAL':
      return { kind: 'external', address: t.value };
  }
}

export function virtmapTarget(v: { targetKind: VirtmapTargetKind; targetValue: string; rejectCode: DbRejectCode | null; rejectText: string | null }): VirtmapTarget {
  switch (v.targetKind) {
    case 'LOCAL':
      return { kind: 'local', name: v.targetValue };
    case 'EXTERNAL':
      return { kind: 'external', address: v.targetValue };
    case 'DOMAIN_REDIRECT':
      return { kind: 'domainRedirect', domain: v.targetValue };
    case 'LOCAL_PART':
      return { kind: 'localPart' };
    case 'REJECT':
      return { kind: 'reject', code: REJECT_CODES[v.rejectCode ?? 'UNKNOWN_550'], text: v.rejectText ?? '' };
  }
}
