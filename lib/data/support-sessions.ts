import './server-only';
import type { ActingAs, Actor } from '../auth/actor';
import { db } from '../db/client';
import type { ActAsInput } from '../validation/act-as';
import { recordAudit } from './audit';
import { DomainError, ForbiddenError, NotFoundError } from './errors';
import { customerScope, resellerScope } from './scope';

// Support's act-as (DOMAIN.md, the model): support reads everything and changes nothing, except through a
// time-boxed session with a stated reason, in which its browser session IS the target (a reseller or a
// customer): the target's tenant bounds every read and write (lib/data/scope.ts), and every audit event
// says "support X as Y (reason)" (lib/data/audit.ts). The session is re-read on every request
// (actingActor, from lib/data/user-sessions.ts), so it ends at its expiry, at "Stop acting" or when an
// admin ends it, on the next click.

export type ActAsTarget = { kind: 'reseller' | 'customer'; id: string };

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

async function loadTarget(actor: Actor, target: ActAsTarget) {
  if (target.kind === 'reseller') {
    const r = await db().reseller.findFirst({
      where: { AND: [resellerScope(actor), { id: target.id }] },
      select: { id: true, name: true, status: true },
    });
    if (!r) throw new NotFoundError('That reseller');
    if (r.status !== 'ACTIVE') throw new DomainError(`${r.name} is suspended: resume it before acting as it.`);
    return { resellerId: r.id, customerId: null, label: r.name };
  }
  const c = await db().customer.findFirst({
    where: { AND: [customerScope(actor), { id: target.id }] },
    select: { id: true, name: true, status: true, resellerId: true, reseller: { select: { status: true } } },
  });
  if (!c) throw new NotFoundError('That customer');
  if (c.status !== 'ACTIVE' || c.reseller.status !== 'ACTIVE')
    throw new DomainError(`${c.name} is suspended: resume it before acting as it.`);
  return { resellerId: c.resellerId, customerId: c.id, label: c.name };
}

/**
 * The actor a support user's browser session acts as, if an act-as of that session is live now; null
 * otherwise (support stays itself: read-only). Asked on every request of a support session.
 */
export async function actingActor(
  support: Extract<Actor, { kind: 'support' }>,
  userSessionId: string,
  now = new Date(),
): Promise<Extract<Actor, { kind: 'reseller' | 'customer' }> | null> {
  const s = await db().supportSession.findFirst({
    where: { userSessionId, supportUserId: support.userId, endedAt: null, expiresAt: { gt: now } },
    orderBy: { startedAt: 'desc' },
    select: {
      id: true,
      targetKind: true,
      targetResellerId: true,
      targetCustomerId: true,
      targetLabel: true,
      reason: true,
      expiresAt: true,
      targetReseller: { select: { status: true } },
      targetCustomer: { select: { status: true } },
    },
  });
  if (!s || s.targetReseller.status !== 'ACTIVE') return null;
  const actingAs: ActingAs = {
    supportSessionId: s.id,
    supportLabel: support.label,
    targetLabel: s.targetLabel,
    reason: s.reason,
    expiresAt: s.expiresAt,
  };
  const label = `${support.label} as ${s.targetLabel}`;
  if (s.targetKind === 'reseller') return { kind: 'reseller', userId: support.userId, label, resellerId: s.targetResellerId, actingAs };
  if (s.targetKind !== 'customer' || !s.targetCustomerId || s.targetCustomer?.status !== 'ACTIVE') return null;
  return { kind: 'customer', userId: support.userId, label, resellerId: s.targetResellerId, customerId: s.targetCustomerId, actingAs };
}

/** "Stop acting" (the support user, in its own session) or "End" (an admin, any session). */
export async function endActAs(actor: Actor, supportSessionId: string): Promise<void> {
  const mine = actor.kind !== 'admin';
  const acting = 'actingAs' in actor ? actor.actingAs : undefined;
  const by = acting?.supportLabel ?? actor.label;
  if (mine && !(actor.kind === 'reseller' || actor.kind === 'customer' || actor.kind === 'support')) throw new ForbiddenError();
  if (mine && actor.kind !== 'support' && acting?.supportSessionId !== supportSessionId) throw new NotFoundError('That act-as session');
  await db().$transaction(async (tx) => {
    const where = { id: supportSessionId, endedAt: null, ...(mine ? { supportUserId: actor.userId } : {}) };
    const s = await tx.supportSession.findFirst({
      where,
      select: {
        id: true,
        targetKind: true,
        targetResellerId: true,
        targetCustomerId: true,
        targetLabel: true,
        supportUser: { select: { email: true } },
      },
    });
    if (!s) throw new NotFoundError('That act-as session');
    await tx.supportSession.update({ where: { id: s.id }, data: { endedAt: new Date(), endedByLabel: by } });
    // Recorded as the support user or admin itself, never "as" the target: the act-as is over.
    const self: Actor = actor.kind === 'admin' ? actor : { kind: 'support', userId: actor.userId, label: by };
    await recordAudit(tx, self, {
      action: 'support.act-as.end',
      targetType: s.targetKind,
      targetId: s.targetCustomerId ?? s.targetResellerId,
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
