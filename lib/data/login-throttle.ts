import './server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { canBeKnown, FAILED_WINDOW_MS, KNOWN_CLIENT_MS, LIMIT_PER_LOGIN, throttleDecision } from '../auth/login-throttle-rules';
import { db } from '../db/client';
import type { Role } from '../generated/prisma/enums';

// Password guessing is slowed the same way for panel logins (lib/data/sessions.ts) and mailbox logins
// (lib/data/mailbox-sessions.ts), by the rules in lib/auth/login-throttle-rules.ts. Each attempt is a
// LoginAttempt row written *before* its password is checked and then counted: attempts made at the same
// moment see each other, so 40 at once from one client get 10 password checks, not 40. (Counting first
// and writing the failure after the check let every concurrent attempt count the same few.)
// The password forms of a signed-in user (own-password.ts, mailbox-password-change.ts) count their
// failures in the audit log instead (isThrottled below): one at a time per session, they need no more.

export interface LoginAttemptKey {
  /** The kind of login, named by its failed-login audit action (e.g. `auth.login_failed`). */
  kind: string;
  /** The login as typed (normalised). */
  login: string;
  /**
   * The user or account the login names, when it names exactly one: attempts are counted by it too, so a
   * mailbox that answers at several addresses (joe@, joe+x@, webmaster@) does not give ten tries at each.
   */
  targetId?: string | undefined;
  client: string;
  /** Where a successful sign-in of this login is audited (`action`, for any of `targetIds`, with details.client). */
  signedInAs: { action: string; targetIds: string[] };
}

/**
 * Begins an attempt: records it, counts, and decides. Null when it is throttled (nothing is checked, and
 * nothing stays recorded of it); else the attempt's id, after any wait the rules ask for. Settle it with
 * endLoginAttempt once the password is checked.
 */
export async function beginLoginAttempt(key: LoginAttemptKey): Promise<bigint | null> {
  const since = new Date(Date.now() - FAILED_WINDOW_MS);
  const ofLogin = { kind: key.kind, at: { gte: since }, OR: [{ login: key.login }, ...(key.targetId ? [{ targetId: key.targetId }] : [])] };
  // Written, then counted, one attempt of a login at a time (a lock held for two statements): each
  // attempt counts all those before it, and a burst gets its 10 checks rather than none or 40.
  const { id, fromClient, overall } = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`login-attempt:${key.kind}:${key.targetId ?? key.login}`}, 0))`;
    const { id } = await tx.loginAttempt.create({
      data: { kind: key.kind, login: key.login, targetId: key.targetId ?? null, client: key.client },
      select: { id: true },
    });
    const fromClient = await tx.loginAttempt.count({ where: { ...ofLogin, client: key.client } });
    return { id, fromClient, overall: await tx.loginAttempt.count({ where: ofLogin }) };
  });
  // Asked only past the cap over all clients, the one place it changes the decision.
  const known = overall > LIMIT_PER_LOGIN && (await isKnownClient(key.signedInAs, key.client));
  const decision = throttleDecision({ fromClient, overall }, known);
  if (!decision.check) {
    await db().loginAttempt.deleteMany({ where: { id } });
    return null;
  }
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  return id;
}

/**
 * Settles an attempt: a wrong password stays counted (and old attempts are cleared away); any other
 * outcome (signed in, or refused for a reason only the right password learns) is no guess to count.
 */
export async function endLoginAttempt(id: bigint, outcome: 'wrong-password' | 'password-matched'): Promise<void> {
  if (outcome === 'password-matched') await db().loginAttempt.deleteMany({ where: { id } });
  else await db().loginAttempt.deleteMany({ where: { at: { lt: new Date(Date.now() - FAILED_WINDOW_MS) } } });
}

/** The login's owner signed in from this client lately: its failures from here are slowed, not locked. */
async function isKnownClient(signedInAs: LoginAttemptKey['signedInAs'], client: string): Promise<boolean> {
  if (!canBeKnown(client) || signedInAs.targetIds.length === 0) return false;
  const success = await db().auditEvent.findFirst({
    where: {
      action: signedInAs.action,
      targetId: { in: signedInAs.targetIds },
      at: { gte: new Date(Date.now() - KNOWN_CLIENT_MS) },
      details: { path: ['client'], equals: client },
    },
    select: { id: true },
  });
  return success !== null;
}

const FORM_WINDOW_MS = FAILED_WINDOW_MS;
const FORM_LIMIT = 10;
const FORM_LIMIT_ALL_CLIENTS = 100;

/**
 * For the password forms: too many recent failures (audit action `failedAction`) for this login from this
 * client (the form), or from all clients. The login is the name as typed, or `{ targetId }`.
 */
export async function isThrottled(failedAction: string, login: string | { targetId: string }, client: string): Promise<boolean> {
  const since = new Date(Date.now() - FORM_WINDOW_MS);
  const who = typeof login === 'string' ? { actorLabel: login } : { targetId: login.targetId };
  const recent = { action: failedAction, ...who, at: { gte: since } };
  const fromClient = await db().auditEvent.count({ where: { ...recent, details: { path: ['client'], equals: client } } });
  const overall = await db().auditEvent.count({ where: recent });
  return fromClient >= FORM_LIMIT || overall >= FORM_LIMIT_ALL_CLIENTS;
}

export interface FailedLogin {
  /** The audit action, e.g. `auth.login_failed` (what isThrottled counts for the password forms). */
  action: string;
  /** The login as typed (normalised): what the failures are counted by. */
  login: string;
  client: string;
  /** Who the login names, when it names exactly one user or account (never for an unknown login). */
  named?: { role: Role; targetId: string; resellerId?: string | null; customerId?: string | null } | undefined;
  targetType: string;
}

/** The failure, audited (and counted by isThrottled). No password, right or wrong, is ever written. */
export async function recordFailedLogin(failure: FailedLogin): Promise<void> {
  await db().auditEvent.create({
    data: {
      actorLabel: failure.login,
      actorRole: failure.named?.role ?? null,
      action: failure.action,
      targetType: failure.targetType,
      targetId: failure.named?.targetId ?? null,
      resellerId: failure.named?.resellerId ?? null,
      customerId: failure.named?.customerId ?? null,
      details: { client: failure.client },
    },
  });
}
