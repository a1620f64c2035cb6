// Panel logins people manage themselves (issue 11): sessions as rows the per-request check reads, ending
// one's own sessions, changing one's own password, and a reset by the reseller or admin above the login,
// after which the panel shows nothing but "choose a new password".
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../lib/auth/actor';
import { DomainError, NotFoundError } from '../lib/data/errors';
import { listResettableLogins, resetLogin } from '../lib/data/login-reset';
import { changeOwnPassword, chooseNewPassword } from '../lib/data/own-password';
import { verifyLogin } from '../lib/data/sessions';
import { endOtherSessions, endOwnSession, endThisSession, listOwnSessions, loadPanelSession } from '../lib/data/user-sessions';
import { db } from '../lib/db/client';
import { ChosenPasswordForm, OwnPasswordForm } from '../lib/validation/logins';
import { makeCustomer, makeHost, makeReseller, makeStaff, PASSWORD } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const NEW_PASSWORD = 'copper lantern breezy walrus';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

let admin: Actor;
let support: Actor;
let hostId: string;

beforeAll(async () => {
  admin = await makeStaff('ADMIN');
  support = await makeStaff('SUPPORT');
  hostId = (await makeHost(admin)).id;
});

/** A sign-in as the login form does it; the session as the JWT would carry it. */
async function signIn(email: string, password = PASSWORD, client = '192.0.2.10') {
  const result = await verifyLogin(email, password, client, CHROME);
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  return result;
}
const check = (s: { userId: string; sessionVersion: number; sessionId: string }) =>
  loadPanelSession(s.userId, s.sessionVersion, s.sessionId);

async function refusal(promise: Promise<unknown>, type: new (...args: never[]) => Error = DomainError) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(type);
  return error as Error;
}

const own = (oldPassword: string, newPassword: string) => OwnPasswordForm.parse({ oldPassword, newPassword, repeatPassword: newPassword });
const chosen = (newPassword: string) => ChosenPasswordForm.parse({ newPassword, repeatPassword: newPassword });

describe('sessions', () => {
  it('a sign-in opens a listed session with its browser and client; the per-request check accepts it', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const s = await signIn(reseller.email);
    const session = await check(s);
    expect(session).toMatchObject({
      sessionId: s.sessionId,
      mustChangePassword: false,
      actor: { kind: 'reseller', resellerId: reseller.id },
    });
    expect(await listOwnSessions(session!.actor)).toEqual([
      expect.objectContaining({ id: s.sessionId, ip: '192.0.2.10', userAgent: CHROME }),
    ]);
  });

  it("an ended session is refused on the next request, the user's other session is not", async () => {
    const customer = await makeCustomer((await makeReseller(admin, [hostId])).actor);
    const laptop = await signIn(customer.email);
    const phone = await signIn(customer.email, PASSWORD, '198.51.100.4');
    const { actor } = (await check(laptop))!;
    await endOwnSession(actor, phone.sessionId);
    expect(await check(phone)).toBeNull();
    expect(await check(laptop)).not.toBeNull();
    expect((await listOwnSessions(actor)).map((s) => s.id)).toEqual([laptop.sessionId]);
  });

  it('a token without a session row (from before), or with an unknown one, is refused; sessionVersion still counts', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const s = await signIn(reseller.email);
    expect(await loadPanelSession(s.userId, s.sessionVersion, undefined)).toBeNull();
    expect(await loadPanelSession(s.userId, s.sessionVersion, crypto.randomUUID())).toBeNull();
    expect(await loadPanelSession(s.userId, s.sessionVersion, 'not-a-uuid')).toBeNull();
    await db().user.update({ where: { id: s.userId }, data: { sessionVersion: { increment: 1 } } });
    expect(await check(s)).toBeNull();
  });

  it("a customer cannot end another user's session: it answers as one that does not exist, and the session lives", async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const mine = await makeCustomer(reseller.actor);
    const theirs = await makeCustomer(reseller.actor);
    const theirSession = await signIn(theirs.email);
    const { actor } = (await check(await signIn(mine.email)))!;
    await refusal(endOwnSession(actor, theirSession.sessionId), NotFoundError);
    await endOtherSessions(actor, (await signIn(mine.email)).sessionId);
    expect(await check(theirSession)).not.toBeNull();
  });

  it('"end all other sessions" keeps this one; signing out ends only this one', async () => {
    const customer = await makeCustomer((await makeReseller(admin, [hostId])).actor);
    const [a, b, c] = [await signIn(customer.email), await signIn(customer.email), await signIn(customer.email)];
    const { actor } = (await check(a))!;
    expect(await endOtherSessions(actor, a.sessionId)).toBe(2);
    expect([await check(a), await check(b), await check(c)].map((x) => x !== null)).toEqual([true, false, false]);
    const d = await signIn(customer.email);
    await endThisSession(actor, a.sessionId);
    expect(await check(a)).toBeNull();
    expect(await check(d)).not.toBeNull();
  });

  it('writes lastSeenAt at most about once a minute', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const s = await signIn(reseller.email);
    const seen = async () => (await db().userSession.findUniqueOrThrow({ where: { id: s.sessionId } })).lastSeenAt.getTime();
    const first = await seen();
    await check(s);
    expect(await seen()).toBe(first);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await db().userSession.update({ where: { id: s.sessionId }, data: { lastSeenAt: twoMinutesAgo } });
    await check(s);
    expect(await seen()).toBeGreaterThan(twoMinutesAgo.getTime());
  });

  it('a session older than its 8 hours is neither accepted nor listed', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const s = await signIn(reseller.email);
    await db().userSession.update({ where: { id: s.sessionId }, data: { createdAt: new Date(Date.now() - 9 * 3600_000) } });
    expect(await check(s)).toBeNull();
    expect(await listOwnSessions(reseller.actor)).toEqual([]);
  });
});

describe("changing one's own password", () => {
  it('needs the current password, checks the new one, ends the other sessions and keeps this one', async () => {
    const customer = await makeCustomer((await makeReseller(admin, [hostId])).actor);
    const here = await signIn(customer.email);
    const elsewhere = await signIn(customer.email);
    const { actor } = (await check(here))!;

    const wrong = await refusal(changeOwnPassword(actor, here.sessionId, own('not my password', NEW_PASSWORD)));
    expect((wrong as DomainError).fieldErrors.oldPassword).toEqual(['That is not your current password.']);
    const weak = await refusal(changeOwnPassword(actor, here.sessionId, own(PASSWORD, 'Password123456')));
    expect((weak as DomainError).fieldErrors.newPassword?.[0]).toMatch(/too easy to guess/);
    await refusal(changeOwnPassword(actor, here.sessionId, own(PASSWORD, PASSWORD)));
    expect((await verifyLogin(customer.email, PASSWORD)).ok).toBe(true);

    expect(await changeOwnPassword(actor, here.sessionId, own(PASSWORD, NEW_PASSWORD))).toBeGreaterThanOrEqual(1);
    expect(await check(here)).not.toBeNull();
    expect(await check(elsewhere)).toBeNull();
    expect(await verifyLogin(customer.email, PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
    expect((await verifyLogin(customer.email, NEW_PASSWORD)).ok).toBe(true);
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: 'user.password_change', targetId: actor.kind === 'customer' ? actor.userId : '' },
    });
    expect(audit).toMatchObject({ customerId: customer.id, actorLabel: customer.email });
    expect(JSON.stringify(audit.details)).not.toContain(NEW_PASSWORD);
  });

  it('is refused after 10 wrong current passwords, as a sign-in is, even with the right one', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const s = await signIn(reseller.email);
    const { actor } = (await check(s))!;
    for (let i = 0; i < 10; i++) await refusal(changeOwnPassword(actor, s.sessionId, own(`guess number ${i}`, NEW_PASSWORD)));
    const throttled = await refusal(changeOwnPassword(actor, s.sessionId, own(PASSWORD, NEW_PASSWORD)));
    expect(throttled.message).toMatch(/Too many failed attempts/);
    expect(await db().auditEvent.count({ where: { action: 'auth.login_failed', targetId: s.userId } })).toBe(10);
  });

  it('is open to support too (its own login is its own)', async () => {
    const staff = await makeStaff('SUPPORT');
    const s = await signIn(staff.label);
    expect(await changeOwnPassword(staff, s.sessionId, own(PASSWORD, NEW_PASSWORD))).toBe(0);
  });
});

describe('resetting a login', () => {
  it("a reseller resets its customer's login: a new password shown once, every session ended, a new one required", async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const customer = await makeCustomer(reseller.actor);
    const open = await signIn(customer.email);
    const [login] = await listResettableLogins(reseller.actor, { customerId: customer.id });
    const reset = await resetLogin(reseller.actor, login!.id);
    expect(reset).toMatchObject({ email: customer.email, endedSessions: 1 });
    expect(await check(open)).toBeNull();
    expect(await verifyLogin(customer.email, PASSWORD)).toEqual({ ok: false, reason: 'invalid' });

    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'user.password_reset', targetId: login!.id } });
    expect(audit).toMatchObject({ actorLabel: reseller.email, resellerId: reseller.id, customerId: customer.id });
    expect(JSON.stringify(audit.details)).not.toContain(reset.temporaryPassword);
  });

  it('then the panel is closed until a new password, not the given one, is chosen', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const customer = await makeCustomer(reseller.actor);
    const { temporaryPassword } = await resetLogin(
      reseller.actor,
      (await listResettableLogins(reseller.actor, { customerId: customer.id }))[0]!.id,
    );
    const s = await signIn(customer.email, temporaryPassword);
    const session = (await check(s))!;
    expect(session.mustChangePassword).toBe(true);

    const same = await refusal(chooseNewPassword(session.actor, s.sessionId, chosen(temporaryPassword)));
    expect((same as DomainError).fieldErrors.newPassword).toEqual(['Choose a password other than the one you were given.']);
    await refusal(chooseNewPassword(session.actor, s.sessionId, chosen('Password123456')));
    expect((await check(s))!.mustChangePassword).toBe(true);

    await chooseNewPassword(session.actor, s.sessionId, chosen(NEW_PASSWORD));
    expect(await check(s)).toMatchObject({ mustChangePassword: false });
    expect((await verifyLogin(customer.email, NEW_PASSWORD)).ok).toBe(true);
    await refusal(chooseNewPassword(session.actor, s.sessionId, chosen('another fine choice of words')));
  });

  it("reseller A cannot reset reseller B's customer, nor list it, nor a reseller's login", async () => {
    const a = await makeReseller(admin, [hostId]);
    const b = await makeReseller(admin, [hostId]);
    const customerB = await makeCustomer(b.actor);
    const loginB = await db().user.findFirstOrThrow({ where: { customerId: customerB.id } });
    expect(await listResettableLogins(a.actor, { customerId: customerB.id })).toEqual([]);
    await refusal(resetLogin(a.actor, loginB.id), NotFoundError);
    await refusal(resetLogin(a.actor, b.actor.kind === 'reseller' ? b.actor.userId : ''), NotFoundError);
    await refusal(resetLogin(a.actor, a.actor.kind === 'reseller' ? a.actor.userId : ''), NotFoundError);
    expect((await verifyLogin(customerB.email, PASSWORD)).ok).toBe(true);
  });

  it('support and customers reset nobody; an admin resets resellers and customers, not operators', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const customer = await makeCustomer(reseller.actor);
    const other = await makeCustomer(reseller.actor);
    const customerLogin = (await listResettableLogins(admin, { customerId: customer.id }))[0]!;
    const resellerLogin = (await listResettableLogins(admin, { resellerId: reseller.id }))[0]!;
    expect(await listResettableLogins(support, { customerId: customer.id })).toEqual([]);
    await refusal(resetLogin(support, customerLogin.id), NotFoundError);
    await refusal(resetLogin(other.actor, customerLogin.id), NotFoundError);
    await refusal(resetLogin(customer.actor, customerLogin.id), NotFoundError);
    await refusal(resetLogin(admin, support.kind === 'support' ? support.userId : ''), NotFoundError);
    expect((await verifyLogin(customer.email, PASSWORD)).ok).toBe(true);

    await resetLogin(admin, customerLogin.id);
    const { temporaryPassword } = await resetLogin(admin, resellerLogin.id);
    expect((await check(await signIn(reseller.email, temporaryPassword)))!.mustChangePassword).toBe(true);
  });

  it('a malformed or unknown login id answers as not found, whoever asks', async () => {
    await refusal(resetLogin(support, 'not-a-uuid'), NotFoundError);
    await refusal(resetLogin(admin, 'not-a-uuid'), NotFoundError);
    await refusal(resetLogin(admin, crypto.randomUUID()), NotFoundError);
  });
});
