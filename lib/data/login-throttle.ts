import './server-only';
import { db } from '../db/client';
import type { Role } from '../generated/prisma/enums';

// Password guessing is slowed the same way for panel logins (lib/data/sessions.ts) and mailbox logins
// (lib/data/mailbox-sessions.ts): each failure is an audit event, and the recent ones are counted per login
// name and per client. 10 failures from one client lock that client out of that login for 15 minutes,
// without locking the real owner out from elsewhere; a higher cap per login over all clients stops
// guessing spread over many addresses.

const FAILED_WINDOW_MS = 15 * 60 * 1000;
const FAILED_LIMIT_PER_CLIENT = 10;
const FAILED_LIMIT_PER_LOGIN = 100;

/**
 * Too many recent failures (audit action `failedAction`) for this login from this client, or from all
 * clients. The login is the name as typed, or `{ targetId }`: every failure that named one user or account,
 * whatever it was typed as (a mailbox answers at several addresses, `joe+x@` among them).
 */
export async function isThrottled(failedAction: string, login: string | { targetId: string }, client: string): Promise<boolean> {
  const since = new Date(Date.now() - FAILED_WINDOW_MS);
  const who = typeof login === 'string' ? { actorLabel: login } : { targetId: login.targetId };
  const recent = { action: failedAction, ...who, at: { gte: since } };
  const fromClient = await db().auditEvent.count({ where: { ...recent, details: { path: ['client'], equals: client } } });
  const overall = await db().auditEvent.count({ where: recent });
  return fromClient >= FAILED_LIMIT_PER_CLIENT || overall >= FAILED_LIMIT_PER_LOGIN;
}

export interface FailedLogin {
  /** The audit action isThrottled counts, e.g. `auth.login_failed`. */
  action: string;
  /** The login as typed (normalised): what the failures are counted by. */
  login: string;
  client: string;
  /** Who the login names, when it names exactly one user or account (never for an unknown login). */
  named?: { role: Role; targetId: string; resellerId?: string | null; customerId?: string | null } | undefined;
  targetType: string;
}

/** The failure, counted by isThrottled. No password, right or wrong, is ever written. */
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
