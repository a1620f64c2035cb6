// Password guessing against the panel and postoffice logins (lib/data/login-throttle.ts): attempts made at
// the same moment are counted as they come, and guessing spread over many clients cannot lock the owner
// out of the clients it signs in from.
import { describe, expect, it } from 'vitest';
import { FAILED_LOGIN, verifyLogin } from '../lib/data/sessions';
import { MAILBOX_LOGIN_FAILED, verifyMailboxLogin } from '../lib/data/mailbox-sessions';
import { db } from '../lib/db/client';
import { makeHost, makeReseller, makeStaff, PASSWORD } from './support/factories';
import { withPanelDatabase } from './support/panel-db';
import { MAILBOX_PASSWORD, postofficeWorld } from './support/postoffice-world';

withPanelDatabase();

async function aReseller() {
  const admin = await makeStaff('ADMIN');
  const reseller = await makeReseller(admin, [(await makeHost(admin)).id]);
  const { id: userId } = await db().user.findFirstOrThrow({ where: { email: reseller.email }, select: { id: true } });
  return { ...reseller, userId };
}

/** `count` wrong passwords from as many other clients, as a failed login leaves them (attempt and audit event). */
async function failuresElsewhere(kind: string, login: string, targetId: string, count: number) {
  const clients = Array.from({ length: count }, (_, i) => `198.18.${Math.floor(i / 250)}.${i % 250}`);
  await db().loginAttempt.createMany({ data: clients.map((client) => ({ kind, login, targetId, client })) });
  await db().auditEvent.createMany({
    data: clients.map((client) => ({ actorLabel: login, action: kind, targetType: 'x', targetId, details: { client } })),
  });
}

describe('concurrent guesses from one client', () => {
  it('check at most 10 panel passwords, however many arrive at once', async () => {
    const reseller = await aReseller();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => verifyLogin(reseller.email, `guess ${i}`, '203.0.113.40')));
    const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
    expect(reasons.filter((r) => r === 'invalid').length).toBeLessThanOrEqual(10);
    expect(reasons.filter((r) => r !== 'invalid').every((r) => r === 'throttled')).toBe(true);
    expect(reasons.filter((r) => r === 'invalid').length).toBe(10);
    expect(await verifyLogin(reseller.email, PASSWORD, '203.0.113.40')).toEqual({ ok: false, reason: 'throttled' });
    expect(await verifyLogin(reseller.email, PASSWORD, '203.0.113.41')).toMatchObject({ ok: true });
  });

  it('check at most 10 mailbox passwords, however many arrive at once', async () => {
    const w = await postofficeWorld();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => verifyMailboxLogin(w.login, `guess ${i}`, '203.0.113.42')));
    const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
    expect(reasons.filter((r) => r === 'invalid').length).toBeLessThanOrEqual(10);
    expect(reasons.filter((r) => r !== 'invalid').every((r) => r === 'throttled')).toBe(true);
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD, '203.0.113.42')).toEqual({ ok: false, reason: 'throttled' });
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD, '203.0.113.43')).toMatchObject({ ok: true });
  });
});

describe('guessing from many clients', () => {
  it("does not lock a panel login's owner out of a client it signed in from: there it only waits", async () => {
    const reseller = await aReseller();
    expect(await verifyLogin(reseller.email, PASSWORD, '192.0.2.10')).toMatchObject({ ok: true });
    await failuresElsewhere(FAILED_LOGIN, reseller.email, reseller.userId, 100);

    expect(await verifyLogin(reseller.email, PASSWORD, '192.0.2.99')).toEqual({ ok: false, reason: 'throttled' });
    const started = Date.now();
    expect(await verifyLogin(reseller.email, PASSWORD, '192.0.2.10')).toMatchObject({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    // Its own wrong passwords there are still wrong passwords, and answered as such.
    expect(await verifyLogin(reseller.email, 'a typo', '192.0.2.10')).toEqual({ ok: false, reason: 'invalid' });
  });

  it("does not lock a mailbox's owner out of a client it signed in from", async () => {
    const w = await postofficeWorld();
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD, '192.0.2.20')).toMatchObject({ ok: true });
    await failuresElsewhere(MAILBOX_LOGIN_FAILED, w.login, w.joe.id, 100);
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD, '192.0.2.98')).toEqual({ ok: false, reason: 'throttled' });
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD, '192.0.2.20')).toMatchObject({ ok: true });
  });

  it('never counts a client no address could be seen for as known', async () => {
    const reseller = await aReseller();
    expect(await verifyLogin(reseller.email, PASSWORD, 'direct')).toMatchObject({ ok: true });
    await failuresElsewhere(FAILED_LOGIN, reseller.email, reseller.userId, 100);
    expect(await verifyLogin(reseller.email, PASSWORD, 'direct')).toEqual({ ok: false, reason: 'throttled' });
  });
});
