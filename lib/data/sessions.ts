import './server-only';
import type { Actor } from '../auth/actor';
import { burnPasswordCheck, verifyPassword } from '../auth/password';
import { db } from '../db/client';
import type { Role } from '../generated/prisma/enums';
import { beginLoginAttempt, endLoginAttempt, recordFailedLogin } from './login-throttle';
import { OPERATORS_SCOPE } from '../auth/login-scope';

// Login and the per-request check behind every session. A session (JWT) only says which user and which
// sessionVersion; who that user is *now* — suspended, moved, deleted — is read from the database on
// every request, so a suspension takes effect on the next click.

/** What a failed sign-in is audited as, and counted by (lib/data/login-throttle.ts). */
export const FAILED_LOGIN = 'auth.login_failed';
/** Password checks per sign-in attempt, whatever the email (see verifyLogin). */
const SIGN_IN_CHECKS = 2;

export type LoginResult =
  { ok: true; userId: string; sessionVersion: number; sessionId: string } | { ok: false; reason: 'invalid' | 'suspended' | 'throttled' };

/**
 * Checks the password and, when it matches an active login, opens a session (half open, until the second
 * factor, for a login that uses one): a UserSession row (listed on
 * the user's "My account" page, endable there) whose id the JWT carries (lib/data/user-sessions.ts).
 * `client` is where the sign-in comes from as the throttle counts it; `userAgent` the browser's own words.
 */
export async function verifyLogin(
  emailTyped: string,
  password: string,
  client = 'unknown',
  userAgent?: string | null,
): Promise<LoginResult> {
  const email = emailTyped.trim().toLowerCase();
  const users = await loginsOf(email);
  const attempt = await beginLoginAttempt({
    kind: FAILED_LOGIN,
    login: email,
    targetId: users.length === 1 ? users[0]?.id : undefined,
    client,
    signedInAs: { action: 'auth.login', targetIds: users.map((u) => u.id) },
  });
  if (attempt === null) return { ok: false, reason: 'throttled' };
  const user = await matchingLogin(users, password);
  if (!user) {
    await endLoginAttempt(attempt, 'wrong-password');
    await recordFailure(email, users, client);
    return { ok: false, reason: 'invalid' };
  }
  await endLoginAttempt(attempt, 'password-matched');
  const suspended =
    user.status !== 'ACTIVE' ||
    user.reseller?.status === 'SUSPENDED' ||
    user.customer?.status === 'SUSPENDED' ||
    user.customer?.reseller.status === 'SUSPENDED';
  if (suspended) return { ok: false, reason: 'suspended' };

  const [, session] = await db().$transaction([
    db().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } }),
    // A login with two-factor sign-in gets a session that opens only the code page (lib/data/two-factor.ts).
    db().userSession.create({
      data: { userId: user.id, secondFactorPending: user.totpEnabledAt !== null, ...sessionOrigin(client, userAgent) },
      select: { id: true },
    }),
    db().auditEvent.create({
      data: {
        actorUserId: user.id,
        actorLabel: email,
        actorRole: user.role,
        action: 'auth.login',
        targetType: 'user',
        targetId: user.id,
        // The clients a login is known to use are not locked out by guessing elsewhere (login-throttle.ts).
        details: { client },
      },
    }),
  ]);
  return { ok: true, userId: user.id, sessionVersion: user.sessionVersion, sessionId: session.id };
}

/** What the session list shows of where a session began; a client the login could not see is left out. */
function sessionOrigin(client: string, userAgent: string | null | undefined): { ip: string | null; userAgent: string | null } {
  const ip = ['unknown', 'direct'].includes(client) ? null : client.slice(0, 100);
  return { ip, userAgent: userAgent?.slice(0, 500) || null };
}

/**
 * The logins with this email. An email is unique within a tenant, not across tenants
 * (lib/auth/login-scope.ts): the password says which of them is meant. Usually there is one.
 */
async function loginsOf(email: string) {
  return db().user.findMany({
    where: { email },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 10,
    select: {
      id: true,
      passwordHash: true,
      sessionVersion: true,
      status: true,
      role: true,
      totpEnabledAt: true,
      reseller: { select: { status: true } },
      customer: { select: { status: true, reseller: { select: { status: true } } } },
    },
  });
}

/**
 * The oldest login whose password matches. Always the same number of password checks (at least two), so
 * the time a sign-in takes does not tell whether the email has no login, one, or two in different tenants.
 */
async function matchingLogin<T extends { passwordHash: string }>(users: T[], password: string): Promise<T | undefined> {
  let user: T | undefined;
  for (const candidate of users) {
    if (!user && (await verifyPassword(candidate.passwordHash, password))) user = candidate;
    else if (user) await burnPasswordCheck(password);
  }
  for (let i = users.length; i < SIGN_IN_CHECKS; i += 1) await burnPasswordCheck(password);
  return user;
}

/** The failure, audited; it names the login only when the email has exactly one. */
async function recordFailure(email: string, users: { id: string; role: Role }[], client: string): Promise<void> {
  const named = users.length === 1 ? users[0] : undefined;
  await recordFailedLogin({
    action: FAILED_LOGIN,
    login: email,
    client,
    targetType: 'user',
    named: named && { role: named.role, targetId: named.id },
  });
}

/**
 * The actor of a user who is active now, or null when the user is gone or suspended, or sessionVersion is
 * stale. The per-request check of a panel session adds its session row (loadPanelSession, user-sessions.ts).
 */
export async function loadActor(userId: string, sessionVersion: number): Promise<Actor | null> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      role: true,
      status: true,
      sessionVersion: true,
      resellerId: true,
      customerId: true,
      reseller: { select: { status: true } },
      customer: { select: { status: true, resellerId: true, reseller: { select: { status: true } } } },
    },
  });
  if (!user || user.status !== 'ACTIVE' || user.sessionVersion !== sessionVersion) return null;
  const label = user.email;
  switch (user.role) {
    case 'ADMIN':
      return { kind: 'admin', userId: user.id, label };
    case 'SUPPORT':
      return { kind: 'support', userId: user.id, label };
    case 'RESELLER':
      if (!user.resellerId || user.reseller?.status !== 'ACTIVE') return null;
      return { kind: 'reseller', userId: user.id, label, resellerId: user.resellerId };
    case 'CUSTOMER': {
      const c = user.customer;
      if (!user.customerId || !c || c.status !== 'ACTIVE' || c.reseller.status !== 'ACTIVE') return null;
      return { kind: 'customer', userId: user.id, label, resellerId: c.resellerId, customerId: user.customerId };
    }
    case 'MAILBOX':
      return null; // mailbox users sign in with an account, never through a User row
  }
}

/**
 * The actor for a login named on the command line (`--as EMAIL`). Whoever runs the command already
 * holds the database's credentials; --as makes the command see and do exactly what that login may.
 */
export async function actorByEmail(email: string): Promise<Actor | null> {
  const users = await db().user.findMany({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, sessionVersion: true, loginScope: true },
    take: 10,
  });
  // Two tenants' logins with one email: the command line cannot tell which is meant (no password here),
  // except that an operator's login is the one an operator means (a tenant cannot take it away).
  const operator = users.filter((u) => u.loginScope === OPERATORS_SCOPE);
  const user = operator.length === 1 ? operator[0] : users.length === 1 ? users[0] : undefined;
  return user ? loadActor(user.id, user.sessionVersion) : null;
}
