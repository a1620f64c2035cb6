import './server-only';
import type { Actor } from '../auth/actor';
import { acceptTotp, looksLikeRecoveryCode, newRecoveryCodes, newTotpKey, recoveryCodeHash, totpUri } from '../auth/totp';
import { mustUseTwoFactor } from '../auth/two-factor-rule';
import { seal, unseal } from '../crypto/secret-box';
import { db } from '../db/client';
import type { AuthenticatorCodeInput, SecondFactorInput } from '../validation/two-factor';
import { recordAudit } from './audit';
import { DomainError, ForbiddenError } from './errors';
import { ownAudit, type PanelActor } from './user-sessions';

// Two-factor sign-in (TOTP, lib/auth/totp.ts) for panel logins. A login that uses it signs in with its
// password into a session that opens only the code page (UserSession.secondFactorPending, set by
// verifyLogin); the code, or one of ten one-time recovery codes, opens the panel. The key is sealed in the
// database; recovery codes are kept as hashes only. Each user manages its own: never support acting as it.

/** Wrong codes a half-signed-in session may try before it is ended (sign in again, password first). */
export const CODE_TRIES = 5;
export const FAILED_CODE = 'auth.code_failed';

/** The sealed TOTP key's context: bound to its user's row (also used by lib/data/secret-rotation.ts). */
export const totpKeyContext = (userId: string) => `totp:${userId}`;

/** The actor's own login; support acting as a tenant manages nobody's second factor. */
function own(actor: Actor): PanelActor {
  if (!('userId' in actor) || ('actingAs' in actor && actor.actingAs)) throw new ForbiddenError();
  return actor;
}

const REQUIRES = {
  role: true,
  reseller: { select: { requireTwoFactor: true } },
  customer: { select: { reseller: { select: { requireTwoFactor: true } } } },
} as const;

/** What "My account" shows: on or off, whether it may be turned off, recovery codes left. */
export async function twoFactorStatus(actor: Actor) {
  const me = own(actor);
  const user = await db().user.findUniqueOrThrow({ where: { id: me.userId }, select: { totpEnabledAt: true, ...REQUIRES } });
  const recoveryLeft = await db().recoveryCode.count({ where: { userId: me.userId, usedAt: null } });
  return { enabledAt: user.totpEnabledAt, required: mustUseTwoFactor(user), recoveryLeft };
}

/**
 * The key to add to an authenticator app, kept (sealed) until a code from it confirms the enrolment; the
 * same key on every visit until then, so a reload does not invalidate the app's entry.
 */
export async function pendingEnrolment(actor: Actor): Promise<{ key: string; uri: string }> {
  const me = own(actor);
  const user = await db().user.findUniqueOrThrow({
    where: { id: me.userId },
    select: { email: true, totpSecret: true, totpEnabledAt: true },
  });
  if (user.totpEnabledAt) throw new DomainError('Two-factor sign-in is already on for this login.');
  let key = user.totpSecret ? safeUnseal(user.totpSecret, me.userId) : null;
  if (!key) {
    key = newTotpKey();
    await db().user.update({ where: { id: me.userId }, data: { totpSecret: seal(key, totpKeyContext(me.userId)), totpLastStep: null } });
  }
  return { key, uri: totpUri(key, user.email) };
}

function safeUnseal(sealed: string, userId: string): string | null {
  try {
    return unseal(sealed, totpKeyContext(userId));
  } catch {
    return null; // sealed under another secret: a new key is made
  }
}

/** The first code from the app turns two-factor sign-in on; the ten recovery codes are returned, once. */
export async function confirmEnrolment(actor: Actor, input: AuthenticatorCodeInput): Promise<string[]> {
  const me = own(actor);
  const user = await db().user.findUniqueOrThrow({ where: { id: me.userId }, select: { totpSecret: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new DomainError('Two-factor sign-in is already on for this login.');
  const key = user.totpSecret ? safeUnseal(user.totpSecret, me.userId) : null;
  const step = key ? acceptTotp(key, input.code, null) : null;
  if (!step) throw wrongCode('That code does not match: check that the app shows this login’s entry, and try its current code.');
  const codes = newRecoveryCodes();
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: me.userId }, data: { totpEnabledAt: new Date(), totpLastStep: step } });
    await tx.recoveryCode.deleteMany({ where: { userId: me.userId } });
    await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId: me.userId, codeHash: recoveryCodeHash(c) })) });
    await recordAudit(tx, me, { ...ownAudit(me, 'auth.two_factor_on'), details: { summary: `${me.label} turned two-factor sign-in on` } });
  });
  return codes;
}

/** Off again, with a current code; refused where it is required. */
export async function turnOffTwoFactor(actor: Actor, input: AuthenticatorCodeInput): Promise<void> {
  const me = own(actor);
  const user = await db().user.findUniqueOrThrow({
    where: { id: me.userId },
    select: { totpSecret: true, totpEnabledAt: true, totpLastStep: true, ...REQUIRES },
  });
  if (!user.totpEnabledAt || !user.totpSecret) throw new DomainError('Two-factor sign-in is not on for this login.');
  if (mustUseTwoFactor(user)) throw new DomainError('This login must use two-factor sign-in: it cannot be turned off.');
  const key = safeUnseal(user.totpSecret, me.userId);
  if (!key || !acceptTotp(key, input.code, user.totpLastStep)) throw wrongCode('That code does not match.');
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: me.userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    await tx.recoveryCode.deleteMany({ where: { userId: me.userId } });
    await recordAudit(tx, me, {
      ...ownAudit(me, 'auth.two_factor_off'),
      details: { summary: `${me.label} turned two-factor sign-in off` },
    });
  });
}

/**
 * The second step of signing in, in the half-open session `sessionId`: an authenticator code (never one
 * accepted before) or an unused recovery code (spent by it). CODE_TRIES wrong codes end the session.
 */
export async function completeSecondFactor(actor: Actor, sessionId: string, input: SecondFactorInput): Promise<void> {
  const me = own(actor);
  const session = await db().userSession.findFirst({
    where: { id: sessionId, userId: me.userId, endedAt: null, secondFactorPending: true },
    select: { createdAt: true, user: { select: { role: true, totpSecret: true, totpLastStep: true } } },
  });
  if (!session) throw new DomainError('This sign-in has ended: sign in again.');
  const method = looksLikeRecoveryCode(input.code) ? 'recovery code' : 'authenticator';
  const accepted = method === 'recovery code' ? await spendRecoveryCode(me.userId, input.code) : await acceptCode(me.userId, session.user);
  if (!accepted) {
    await db().auditEvent.create({
      data: {
        actorUserId: me.userId,
        actorLabel: me.label,
        actorRole: session.user.role,
        action: FAILED_CODE,
        targetType: 'user',
        targetId: me.userId,
      },
    });
    const failures = await db().auditEvent.count({ where: { action: FAILED_CODE, targetId: me.userId, at: { gte: session.createdAt } } });
    if (failures >= CODE_TRIES) {
      await db().userSession.updateMany({ where: { id: sessionId, userId: me.userId }, data: { endedAt: new Date() } });
      throw new DomainError('Too many wrong codes: this sign-in has ended. Sign in again.');
    }
    throw wrongCode('That code is not right. Use the current code from your authenticator app, or one of your recovery codes.');
  }
  await db().$transaction(async (tx) => {
    await tx.userSession.updateMany({ where: { id: sessionId, userId: me.userId }, data: { secondFactorPending: false } });
    const recoveryLeft = await tx.recoveryCode.count({ where: { userId: me.userId, usedAt: null } });
    await recordAudit(tx, me, {
      ...ownAudit(me, 'auth.second_factor'),
      details: { summary: `${me.label} gave its second factor (${method})`, method, recoveryLeft },
    });
  });

  async function acceptCode(userId: string, user: { totpSecret: string | null; totpLastStep: bigint | null }) {
    const key = user.totpSecret ? safeUnseal(user.totpSecret, userId) : null;
    const step = key ? acceptTotp(key, input.code, user.totpLastStep) : null;
    if (!step) return false;
    // Conditional: of two requests with the same code, one wins.
    const { count } = await db().user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1;
  }
}

async function spendRecoveryCode(userId: string, typed: string): Promise<boolean> {
  const { count } = await db().recoveryCode.updateMany({
    where: { userId, codeHash: recoveryCodeHash(typed), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

const wrongCode = (message: string) => new DomainError(message, { code: [message] });
