// Two-factor sign-in on a real Postgres: enrolment (the key sealed, ten recovery codes kept as hashes), a
// password sign-in that opens only the code page until the code is given, a code never accepted twice, a
// recovery code spent once, wrong codes that end the half-open sign-in, and who must use it (admin and
// support; a reseller's logins and its customers' when an admin requires it).
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../lib/auth/actor';
import { totpCode } from '../lib/auth/totp';
import { db } from '../lib/db/client';
import { DomainError } from '../lib/data/errors';
import { verifyLogin } from '../lib/data/sessions';
import {
  CODE_TRIES,
  completeSecondFactor,
  confirmEnrolment,
  pendingEnrolment,
  turnOffTwoFactor,
  twoFactorStatus,
} from '../lib/data/two-factor';
import { loadPanelSession } from '../lib/data/user-sessions';
import { AuthenticatorCodeInput, SecondFactorInput } from '../lib/validation/two-factor';
import { makeCustomer, makeHost, makeReseller, makeStaff, PASSWORD } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();
process.env.AUTH_SECRET ??= 'two-factor-tests-secret'; // the TOTP key is sealed with it

const code = (typed: string) => AuthenticatorCodeInput.parse({ code: typed });
const second = (typed: string) => SecondFactorInput.parse({ code: typed });
const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

async function emailOf(actor: Actor & { userId: string }) {
  return (await db().user.findUniqueOrThrow({ where: { id: actor.userId }, select: { email: true } })).email;
}

/** Signs in with the password: the session as the next request sees it. */
async function signIn(actor: Actor & { userId: string }) {
  const result = await verifyLogin(await emailOf(actor), PASSWORD, 'test-client');
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  const session = await loadPanelSession(result.userId, result.sessionVersion, result.sessionId);
  return { sessionId: result.sessionId, session };
}

/** A reseller login with two-factor sign-in on; its key. */
async function enrolled() {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const reseller = await makeReseller(admin, [host.id]);
  const actor = reseller.actor as Actor & { userId: string };
  const { key } = await pendingEnrolment(actor);
  // The same key until it is confirmed: a reload does not invalidate the app's entry.
  expect((await pendingEnrolment(actor)).key).toBe(key);
  await expect(confirmEnrolment(actor, code('000000'))).rejects.toBeInstanceOf(DomainError);
  const recovery = await confirmEnrolment(actor, code(totpCode(key)));
  return { admin, host, reseller, actor, key, recovery };
}

describe('enrolment', () => {
  it('turns it on with the app’s first code; the key is sealed and the recovery codes kept as hashes', async () => {
    const { actor, key, recovery } = await enrolled();
    expect(recovery).toHaveLength(10);
    expect((await twoFactorStatus(actor)).enabledAt).not.toBeNull();
    const stored = await db().user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpSecret: true } });
    expect(stored.totpSecret).not.toContain(key);
    const hashes = await db().recoveryCode.findMany({ where: { userId: actor.userId }, select: { codeHash: true } });
    expect(hashes.map((h) => h.codeHash).some((h) => recovery.some((c) => h.includes(c)))).toBe(false);
    expect(await db().auditEvent.count({ where: { action: 'auth.two_factor_on', targetId: actor.userId } })).toBe(1);
  });
});

describe('signing in', () => {
  it('opens only the code page until the code; then the panel', async () => {
    const { actor, key } = await enrolled();
    const { sessionId, session } = await signIn(actor);
    expect(session?.secondFactor).toBe('code');
    // The enrolment used this step's code: the next step's is the one the app shows next.
    await completeSecondFactor(actor, sessionId, second(totpCode(key, later(30))));
    const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId }, select: { sessionVersion: true } });
    expect((await loadPanelSession(actor.userId, user.sessionVersion, sessionId))?.secondFactor).toBeNull();
  });

  it('never accepts a code twice, not even in another sign-in', async () => {
    const { actor, key } = await enrolled();
    const first = await signIn(actor);
    const next = totpCode(key, later(30));
    await completeSecondFactor(actor, first.sessionId, second(next));
    const again = await signIn(actor);
    await expect(completeSecondFactor(actor, again.sessionId, second(next))).rejects.toThrow(/not right/);
  });

  it('takes each recovery code once, typed in any case', async () => {
    const { actor, recovery } = await enrolled();
    const first = await signIn(actor);
    await completeSecondFactor(actor, first.sessionId, second(recovery[3]!.toUpperCase()));
    expect((await twoFactorStatus(actor)).recoveryLeft).toBe(9);
    const again = await signIn(actor);
    await expect(completeSecondFactor(actor, again.sessionId, second(recovery[3]!))).rejects.toThrow(/not right/);
  });

  it(`ends the half-open sign-in after ${CODE_TRIES} wrong codes`, async () => {
    const { actor, key } = await enrolled();
    const { sessionId } = await signIn(actor);
    for (let i = 1; i < CODE_TRIES; i++)
      await expect(completeSecondFactor(actor, sessionId, second('000000'))).rejects.toThrow(/not right/);
    await expect(completeSecondFactor(actor, sessionId, second('000000'))).rejects.toThrow(/Sign in again/);
    // Even the right code does not open it now.
    await expect(completeSecondFactor(actor, sessionId, second(totpCode(key, later(30))))).rejects.toThrow(/ended/);
    const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId }, select: { sessionVersion: true } });
    expect(await loadPanelSession(actor.userId, user.sessionVersion, sessionId)).toBeNull();
  });

  it('turns off with a current code where it is not required', async () => {
    const { actor, key } = await enrolled();
    await turnOffTwoFactor(actor, code(totpCode(key, later(30))));
    expect((await twoFactorStatus(actor)).enabledAt).toBeNull();
    expect((await signIn(actor)).session?.secondFactor).toBeNull();
  });
});

describe('who must use it', () => {
  afterEach(() => {
    process.env.MAILPANEL_STAFF_TWO_FACTOR = 'optional';
  });

  it('admin and support: the panel opens only the setup page until they have it', async () => {
    process.env.MAILPANEL_STAFF_TWO_FACTOR = 'required';
    for (const role of ['ADMIN', 'SUPPORT'] as const) {
      const staff = (await makeStaff(role)) as Actor & { userId: string };
      expect((await signIn(staff)).session?.secondFactor).toBe('enrol');
      const { key } = await pendingEnrolment(staff);
      await confirmEnrolment(staff, code(totpCode(key)));
      const { session } = await signIn(staff);
      expect(session?.secondFactor).toBe('code');
      await expect(turnOffTwoFactor(staff, code(totpCode(key, later(30))))).rejects.toThrow(/must use/);
    }
  });

  it('a reseller’s logins and its customers’, once an admin requires it', async () => {
    const admin = await makeStaff('ADMIN');
    const host = await makeHost(admin);
    const reseller = await makeReseller(admin, [host.id]);
    const customer = await makeCustomer(reseller.actor);
    const resellerActor = reseller.actor as Actor & { userId: string };
    const customerActor = customer.actor as Actor & { userId: string };
    expect((await signIn(resellerActor)).session?.secondFactor).toBeNull();
    await db().reseller.update({ where: { id: reseller.id }, data: { requireTwoFactor: true } });
    expect((await signIn(resellerActor)).session?.secondFactor).toBe('enrol');
    expect((await signIn(customerActor)).session?.secondFactor).toBe('enrol');
  });
});
