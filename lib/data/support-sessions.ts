import './server-only';
import type { ActingAs, Actor } from '../auth/actor';
import { db } from '../db/client';
import { ActAsTargetInput, type ActAsInput } from '../validation/act-as';
import { recordAudit } from './audit';
import { DomainError, ForbiddenError, NotFoundError } from './errors';
import { accountScope, customerScope, resellerScope } from './scope';

// Support's act-as (DOMAIN.md, the model): support reads everything and changes nothing, except through a
// time-boxed session with a stated reason, in which its browser session IS the target (a reseller, a
// customer, or one mailbox on the postoffice pages): the target's tenant bounds every read and write (lib/data/scope.ts), and every audit event
// says "support X as Y (reason)" (lib/data/audit.ts). The session is re-read on every request
// (actingActor, from lib/data/user-sessions.ts), so it ends at its expiry, at "Stop acting" or when an
// admin ends it, on the next click.

export type ActAsTarget = { kind: 'reseller' | 'customer' | 'mailbox'; id: string };

/** Starts acting as `target` in this browser session; refused unless the actor is support (not acting). */
export async function startActAs(actor: Actor, userSessionId: string, target: ActAsTarget, input: ActAsInput) {
  if (actor.kind !== 'support') throw new ForbiddenError();
  const found = await loadTarget(actor, target);
  const now = new Date();
  return db().$transaction(async (tx) => {
    // One act-as per browser session: a new one ends the one before.
    await tx.supportSession.updateMany({
      where: { userSessionId, supportUserId: actor.userId, endedAt: null },
      data: { endedAt: now, endedByLabel: actor.label },
    });
    const session = await tx.supportSession.create({
      data: {
        supportUserId: actor.userId,
        userSessionId,
        targetKind: target.kind,
        targetResellerId: found.resellerId,
        targetCustomerId: found.customerId,
        targetAccountId: found.accountId,
        targetLabel: found.label,
        reason: input.reason,
        startedAt: now,
        expiresAt: new Date(now.getTime() + input.minutes * 60_000),
      },
      select: { id: true, expiresAt: true },
    });
    await recordAudit(tx, actor, {
      action: 'support.act-as.start',
      targetType: target.kind,
      targetId: target.id,
      resellerId: found.resellerId,
      customerId: found.customerId,
      details: {
        summary: `${actor.label} started acting as ${found.label} (${input.reason}) for ${input.minutes} minutes`,
        reason: input.reason,
      },
    });
    return session;
  });
}

async function loadTarget(actor: Actor, bound: ActAsTarget) {
  // The target comes back from the browser (bound by the act-as page): a kind or id of another form is no one.
  const parsed = ActAsTargetInput.safeParse(bound);
  if (!parsed.success) throw new NotFoundError('That act-as target');
  const target = parsed.data;
  if (target.kind === 'reseller') {
    const r = await db().reseller.findFirst({
      where: { AND: [resellerScope(actor), { id: target.id }] },
      select: { id: true, name: true, status: true },
    });
    if (!r) throw new NotFoundError('That reseller');
    if (r.status !== 'ACTIVE') throw new DomainError(`${r.name} is suspended: resume it before acting as it.`);
    return { resellerId: r.id, customerId: null, accountId: null, label: r.name };
  }
  if (target.kind === 'mailbox') {
    const a = await db().account.findFirst({
      where: { AND: [accountScope(actor), { id: target.id }] },
      select: { id: true, name: true, loginAddress: true, enabled: true, customerId: true, customer: ACTIVE_CUSTOMER },
    });
    if (!a) throw new NotFoundError('That account');
    const label = a.loginAddress ?? a.name;
    if (!a.enabled) throw new DomainError(`${label} is disabled: enable it before acting as it.`);
    if (!isActive(a.customer)) throw new DomainError(`${a.customer.name} is suspended: resume it before acting as ${label}.`);
    return { resellerId: a.customer.resellerId, customerId: a.customerId, accountId: a.id, label };
  }
  const c = await db().customer.findFirst({
    where: { AND: [customerScope(actor), { id: target.id }] },
    select: { id: true, name: true, status: true, resellerId: true, reseller: { select: { status: true } } },
  });
  if (!c) throw new NotFoundError('That customer');
  if (!isActive(c)) throw new DomainError(`${c.name} is suspended: resume it before acting as it.`);
  return { resellerId: c.resellerId, customerId: c.id, accountId: null, label: c.name };
}

const ACTIVE_CUSTOMER = { select: { name: true, status: true, resellerId: true, reseller: { select: { status: true } } } } as const;
const isActive = (c: { status: string; reseller: { status: string } }) => c.status === 'ACTIVE' && c.reseller.status === 'ACTIVE';

/**
 * The actor a support user's browser session acts as, if an act-as of that session is live now; null
 * otherwise (support stays itself: read-only). Asked on every request of a support session.
 */
export async function actingActor(
  support: Extract<Actor, { kind: 'support' }>,
  userSessionId: string,
  now = new Date(),
): Promise<Extract<Actor, { kind: 'reseller' | 'customer' | 'mailbox' }> | null> {
  const s = await db().supportSession.findFirst({
    where: { userSessionId, supportUserId: support.userId, endedAt: null, expiresAt: { gt: now } },
    orderBy: { startedAt: 'desc' },
    select: {
      id: true,
      targetKind: true,
      targetResellerId: true,
      targetCustomerId: true,
      targetAccountId: true,
      targetLabel: true,
      reason: true,
      expiresAt: true,
      targetReseller: { select: { status: true } },
      targetCustomer: { select: { status: true } },
      targetAccount: { select: { enabled: true } },
    },
  });
  if (!s || s.targetReseller.status !== 'ACTIVE') return null;
  const actingAs: ActingAs = {
    supportSessionId: s.id,
    supportUserId: support.userId,
    supportLabel: support.label,
    targetLabel: s.targetLabel,
    reason: s.reason,
    expiresAt: s.expiresAt,
  };
  const label = `${support.label} as ${s.targetLabel}`;
  if (s.targetKind === 'reseller') return { kind: 'reseller', userId: support.userId, label, resellerId: s.targetResellerId, actingAs };
  if (!s.targetCustomerId || s.targetCustomer?.status !== 'ACTIVE') return null;
  if (s.targetKind === 'mailbox') {
    // As the mailbox's own session would: a disabled account signs its act-as out too.
    if (!s.targetAccountId || !s.targetAccount?.enabled) return null;
    return {
      kind: 'mailbox',
      label: s.targetLabel,
      accountId: s.targetAccountId,
      customerId: s.targetCustomerId,
      resellerId: s.targetResellerId,
      actingAs,
    };
  }
  if (s.targetKind !== 'customer') return null;
  return { kind: 'customer', userId: support.userId, label, resellerId: s.targetResellerId, customerId: s.targetCustomerId, actingAs };
}

/** "Stop acting" (the support user, in its own session) or "End" (an admin, any session). */
export async function endActAs(actor: Actor, supportSessionId: string): Promise<void> {
  const mine = actor.kind !== 'admin';
  const acting = 'actingAs' in actor ? actor.actingAs : undefined;
  const by = acting?.supportLabel ?? actor.label;
  // Support's own id: the support actor's, or the one behind the act-as.
  const supportUserId = actor.kind === 'support' ? actor.userId : acting?.supportUserId;
  // Anyone else's session answers as one that does not exist.
  if (mine && (!supportUserId || (actor.kind !== 'support' && acting?.supportSessionId !== supportSessionId)))
    throw new NotFoundError('That act-as session');
  await db().$transaction(async (tx) => {
    const where = { id: supportSessionId, endedAt: null, ...(mine ? { supportUserId } : {}) };
    const s = await tx.supportSession.findFirst({
      where,
      select: {
        id: true,
        targetKind: true,
        targetResellerId: true,
        targetCustomerId: true,
        targetAccountId: true,
        targetLabel: true,
        supportUser: { select: { email: true } },
      },
    });
    if (!s) throw new NotFoundError('That act-as session');
    await tx.supportSession.update({ where: { id: s.id }, data: { endedAt: new Date(), endedByLabel: by } });
    // Recorded as the support user or admin itself, never "as" the target: the act-as is over.
    const self: Actor = actor.kind === 'admin' ? actor : { kind: 'support', userId: supportUserId ?? '', label: by };
    await recordAudit(tx, self, {
      action: 'support.act-as.end',
      targetType: s.targetKind,
      targetId: s.targetAccountId ?? s.targetCustomerId ?? s.targetResellerId,
      resellerId: s.targetResellerId,
      customerId: s.targetCustomerId,
      details: { summary: `${by} ended ${s.supportUser.email}'s act-as ${s.targetLabel}` },
    });
  });
}

/** The act-as sessions for the admin's list: those running now, then the last 50 ended or expired. */
export async function listActAsSessions(actor: Actor, now = new Date()) {
  if (actor.kind !== 'admin' && actor.kind !== 'support') throw new ForbiddenError();
  const select = {
    id: true,
    targetKind: true,
    targetLabel: true,
    reason: true,
    startedAt: true,
    expiresAt: true,
    endedAt: true,
    endedByLabel: true,
    supportUser: { select: { email: true } },
  } as const;
  const [running, past] = await Promise.all([
    db().supportSession.findMany({ where: { endedAt: null, expiresAt: { gt: now } }, orderBy: { startedAt: 'desc' }, take: 200, select }),
    db().supportSession.findMany({
      where: { OR: [{ endedAt: { not: null } }, { expiresAt: { lte: now } }] },
      orderBy: { startedAt: 'desc' },
      take: 50,
      select,
    }),
  ]);
  return { running, past };
}
