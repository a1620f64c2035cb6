// Logins and the per-request check: wrong passwords, suspended users and tenants, stale sessions,
// and password guessing.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { setCustomerStatus } from '../lib/data/customers';
import { setResellerStatus } from '../lib/data/resellers';
import { loadActor, verifyLogin } from '../lib/data/sessions';
import { loadPanelSession } from '../lib/data/user-sessions';
import { makeCustomer, makeHost, makeReseller, makeStaff, PASSWORD } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

let admin: Awaited<ReturnType<typeof makeStaff>>;
let hostId: string;

beforeAll(async () => {
  admin = await makeStaff('ADMIN');
  hostId = (await makeHost(admin)).id;
});

describe('verifyLogin', () => {
  it("accepts the right password whatever the email's case, and records the login", async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const result = await verifyLogin(`  ${reseller.email.toUpperCase()} `, PASSWORD);
    expect(result).toMatchObject({ ok: true });
    const user = await db().user.findFirstOrThrow({ where: { email: reseller.email } });
    expect(user.lastLoginAt).not.toBeNull();
  });

  it('refuses a wrong password and an unknown email with the same answer, and audits both', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    expect(await verifyLogin(reseller.email, 'wrong password!')).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyLogin('nobody@nowhere.test', PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
    const failures = await db().auditEvent.findMany({
      where: { action: 'auth.login_failed', actorLabel: { in: [reseller.email, 'nobody@nowhere.test'] } },
    });
    expect(failures).toHaveLength(2);
  });

  it('refuses a login whose reseller is suspended', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const customer = await makeCustomer(reseller.actor);
    await setResellerStatus(admin, reseller.id, 'SUSPENDED');
    expect(await verifyLogin(reseller.email, PASSWORD)).toEqual({ ok: false, reason: 'suspended' });
    expect(await verifyLogin(customer.email, PASSWORD)).toEqual({ ok: false, reason: 'suspended' });
  });

  it('throttles a client after 10 failures for one email, without locking out the owner elsewhere', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    for (let i = 0; i < 10; i++) await verifyLogin(reseller.email, `guess ${i}`, '203.0.113.9');
    expect(await verifyLogin(reseller.email, PASSWORD, '203.0.113.9')).toEqual({ ok: false, reason: 'throttled' });
    expect(await verifyLogin(reseller.email, PASSWORD, '198.51.100.7')).toMatchObject({ ok: true });
  });
});

describe('loadActor, run on every request', () => {
  async function sessionOf(email: string) {
    const result = await verifyLogin(email, PASSWORD);
    if (!result.ok) throw new Error(`login failed: ${result.reason}`);
    return result;
  }

  it('gives the actor with its tenant', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const customer = await makeCustomer(reseller.actor);
    const s = await sessionOf(customer.email);
    expect(await loadActor(s.userId, s.sessionVersion)).toEqual({
      kind: 'customer',
      userId: s.userId,
      label: customer.email,
      resellerId: reseller.id,
      customerId: customer.id,
    });
  });

  it('drops an open session as soon as the customer, or its reseller, is suspended', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const customer = await makeCustomer(reseller.actor);
    const s = await sessionOf(customer.email);
    await setCustomerStatus(reseller.actor, customer.id, 'SUSPENDED');
    expect(await loadActor(s.userId, s.sessionVersion)).toBeNull();
    await setCustomerStatus(reseller.actor, customer.id, 'ACTIVE');
    const again = await sessionOf(customer.email);
    expect(await loadActor(again.userId, again.sessionVersion)).not.toBeNull();
    await setResellerStatus(admin, reseller.id, 'SUSPENDED');
    expect(await loadActor(again.userId, again.sessionVersion)).toBeNull();
  });

  it('ends the sessions of a suspended tenant for good: reactivating does not bring them back', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const customer = await makeCustomer(reseller.actor);
    const own = await sessionOf(customer.email);
    const ofReseller = await sessionOf(reseller.email);
    const ofItsCustomer = await sessionOf(customer.email);
    const alive = (s: typeof own) => loadPanelSession(s.userId, s.sessionVersion, s.sessionId).then((p) => p !== null);
    expect(await alive(own)).toBe(true);

    await setCustomerStatus(reseller.actor, customer.id, 'SUSPENDED');
    expect(await alive(own)).toBe(false);
    await setCustomerStatus(reseller.actor, customer.id, 'ACTIVE');
    expect(await alive(own)).toBe(false);
    expect(await db().userSession.count({ where: { id: own.sessionId, endedAt: null } })).toBe(0);
    expect(await alive(ofReseller)).toBe(true); // the reseller's own sessions are not the customer's

    const fresh = await sessionOf(customer.email);
    await setResellerStatus(admin, reseller.id, 'SUSPENDED');
    await setResellerStatus(admin, reseller.id, 'ACTIVE');
    for (const s of [ofReseller, ofItsCustomer, fresh]) expect(await alive(s)).toBe(false);
    expect(await alive(await sessionOf(customer.email))).toBe(true);
  });

  it('drops a session whose sessionVersion is stale (password changed, logins revoked)', async () => {
    const reseller = await makeReseller(admin, [hostId]);
    const s = await sessionOf(reseller.email);
    await db().user.update({ where: { id: s.userId }, data: { sessionVersion: { increment: 1 } } });
    expect(await loadActor(s.userId, s.sessionVersion)).toBeNull();
  });
});
