import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { recordAudit } from './audit';
import { NotFoundError } from './errors';
import { loadActor } from './sessions';
import { actingActor } from './support-sessions';
import { mustUseTwoFactor } from '../auth/two-factor-rule';

// A panel session is a row (UserSession) as well as a JWT: the JWT carries the row's id, and the
// per-request check refuses it once the row is ended (by its user on "My account", by a password change
// or a reset, by signing out) or gone, even while the JWT itself is still valid. The rows are what a user
// sees in the list of its sessions. sessionVersion is still checked too (lib/data/sessions.ts).

/** How long a session lasts from sign-in: the JWT's maxAge (lib/session/auth.ts) and the list's horizon. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
/** lastSeenAt is written at most this often per session: "last seen" to the minute needs no write per click. */
const SEEN_EVERY_MS = 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PanelActor = Exclude<Actor, { kind: 'mailbox' }>;

export interface PanelSession {
  /** The user's own actor, or (support acting as a mailbox) the mailbox's, for the postoffice pages. */
  actor: PanelActor | Extract<Actor, { kind: 'mailbox' }>;
  sessionId: string;
  /** Someone reset this login: until its user chooses a new password, the panel shows nothing else. */
  mustChangePassword: boolean;
  /**
   * Two-factor sign-in stands in the way: 'code' (signed in with the password, the code not given yet) or
   * 'enrol' (the login must use it and has not set it up); null when the panel is open.
   */
  secondFactor: 'code' | 'enrol' | null;
}

/** A session that may still be used: not ended, and begun within its lifetime. */
const live = (now: Date) => ({ endedAt: null, createdAt: { gt: new Date(now.getTime() - SESSION_MAX_AGE_SECONDS * 1000) } });

/**
 * The per-request check of a panel JWT: its session row must be live and its user active with the same
 * sessionVersion (loadActor). A token without a session id (signed before sessions were listed) is refused.
 */
export async function loadPanelSession(
  userId: string,
  sessionVersion: number,
  sessionId: string | undefined,
): Promise<PanelSession | null> {
  if (!sessionId || !UUID.test(sessionId)) return null;
  const now = new Date();
  const session = await db().userSession.findFirst({
    where: { id: sessionId, userId, ...live(now) },
    select: {
      lastSeenAt: true,
      secondFactorPending: true,
      user: {
        select: {
          mustChangePassword: true,
          role: true,
          totpEnabledAt: true,
          reseller: { select: { requireTwoFactor: true } },
          customer: { select: { reseller: { select: { requireTwoFactor: true } } } },
        },
      },
    },
  });
  if (!session) return null;
  const own = await loadActor(userId, sessionVersion);
  if (!own || own.kind === 'mailbox') return null;
  // A support user acting as a tenant (or a mailbox) in this browser session is that, until the act-as ends.
  const secondFactor = session.secondFactorPending
    ? 'code'
    : !session.user.totpEnabledAt && mustUseTwoFactor(session.user)
      ? 'enrol'
      : null;
  // Not while its login must choose a new password or give its code: those pages are the login's own.
  const mustChangePassword = session.user.mustChangePassword;
  const gated = mustChangePassword || secondFactor !== null;
  const actor = own.kind === 'support' && !gated ? ((await actingActor(own, sessionId, now)) ?? own) : own;
  if (now.getTime() - session.lastSeenAt.getTime() >= SEEN_EVERY_MS) {
    // Conditional, so two requests in the same second write once.
    await db().userSession.updateMany({
      where: { id: sessionId, lastSeenAt: { lt: new Date(now.getTime() - SEEN_EVERY_MS) } },
      data: { lastSeenAt: now },
    });
  }
  return { actor, sessionId, mustChangePassword, secondFactor };
}

/** The actor's own live sessions, most recently used first. Only a panel user has any. */
export async function listOwnSessions(actor: Actor) {
  if (!('userId' in actor)) return [];
  return db().userSession.findMany({
    where: { userId: actor.userId, ...live(new Date()) },
    orderBy: [{ lastSeenAt: 'desc' }, { id: 'asc' }],
    take: 100,
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
  });
}

/** Ends one of the actor's own sessions; another user's session answers as one that does not exist. */
export async function endOwnSession(actor: Actor, sessionId: string): Promise<void> {
  if (!('userId' in actor) || !UUID.test(sessionId)) throw new NotFoundError('That session');
  await db().$transaction(async (tx) => {
    const { count } = await tx.userSession.updateMany({
      where: { id: sessionId, userId: actor.userId, endedAt: null },
      data: { endedAt: new Date() },
    });
    if (count === 0) throw new NotFoundError('That session');
    await recordAudit(tx, actor, {
      ...ownAudit(actor, 'auth.session_end'),
      details: { summary: `${actor.label} ended one of its sessions` },
    });
  });
}

/** Ends every session of the actor but this one; the number ended. */
export async function endOtherSessions(actor: Actor, currentSessionId: string): Promise<number> {
  if (!('userId' in actor)) return 0;
  return db().$transaction(async (tx) => {
    const ended = await endSessionsOf(tx, actor.userId, currentSessionId);
    await recordAudit(tx, actor, {
      ...ownAudit(actor, 'auth.session_end_others'),
      details: { summary: `${actor.label} ended its other sessions`, ended },
    });
    return ended;
  });
}

/** Signing out: this browser's session ends (a copy of its cookie stops working too); other sessions stay. */
export async function endThisSession(actor: Actor, sessionId: string): Promise<void> {
  if (!('userId' in actor) || !UUID.test(sessionId)) return;
  await db().$transaction(async (tx) => {
    await tx.userSession.updateMany({ where: { id: sessionId, userId: actor.userId, endedAt: null }, data: { endedAt: new Date() } });
    await recordAudit(tx, actor, ownAudit(actor, 'auth.logout'));
  });
}

/** Ends a user's live sessions, all or all but one, inside the caller's transaction; the number ended. */
export async function endSessionsOf(tx: Tx, userId: string, except?: string): Promise<number> {
  const { count } = await tx.userSession.updateMany({
    where: { userId, endedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { endedAt: new Date() },
  });
  return count;
}

/** An audit entry about the actor's own login, filed under its tenant so its reseller or customer log shows it. */
export function ownAudit(actor: PanelActor, action: string) {
  return {
    action,
    targetType: 'user',
    targetId: actor.userId,
    resellerId: 'resellerId' in actor ? actor.resellerId : null,
    customerId: 'customerId' in actor ? actor.customerId : null,
  };
}
