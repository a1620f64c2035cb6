// The audit log's data: filters in the query with the tenant in the same where, paging both ways by
// (at, id), the state before an edit, and links only to objects that still exist and the viewer may see.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createAccount, deleteAccount, updateAccount } from '../lib/data/accounts';
import { listAuditEvents } from '../lib/data/audit-log';
import { setDomainEnabled } from '../lib/data/domains';
import { AccountInput, AccountUpdateInput } from '../lib/validation/accounts';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff, unique } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const yes = { confirm: () => true };
let world: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const a = await makeReseller(admin, [host.id]);
  const b = await makeReseller(admin, [host.id]);
  const customerA = await makeCustomer(a.actor);
  const customerB = await makeCustomer(b.actor);
  const idnName = `${unique('bücher-')}.example`;
  const domainA = await makeDomain(a.actor, customerA.id, host.id, idnName);
  const domainB = await makeDomain(b.actor, customerB.id, host.id);
  const account = (name: string, domainId?: string) =>
    AccountInput.parse({ name, password: 'a good long password', quotaMb: '100', mailHostId: host.id, addressDomainId: domainId });
  // The same account name in both tenants: a search by name must still never show B's events to A.
  const joeA = await createAccount(customerA.actor, account('joe', domainA.id), yes);
  await createAccount(customerB.actor, account('joe', domainB.id), yes);
  await updateAccount(customerA.actor, joeA.id, AccountUpdateInput.parse({ quotaMb: '250', enabled: 'on' }), yes);
  const gone = await createAccount(customerA.actor, account('gone'), yes);
  await deleteAccount(customerA.actor, gone.id, yes);
  await setDomainEnabled(b.actor, domainB.id, false);
  return { admin, host, a, b, customerA, customerB, domainA, domainB, idnName, joeA, gone };
}

beforeAll(async () => {
  world = await setup();
});

describe('audit log filters', () => {
  it('never show a reseller another reseller’s events, whatever the filter', async () => {
    for (const filter of [{}, { q: 'joe' }, { kind: 'account' }, { actor: world.customerB.email }, { kind: 'domain' }]) {
      const { rows } = await listAuditEvents(world.a.actor, filter);
      const tenants = await db().auditEvent.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: { resellerId: true } });
      expect(tenants.every((t) => t.resellerId === world.a.id)).toBe(true);
    }
    expect((await listAuditEvents(world.a.actor, { actor: world.customerB.email })).rows).toEqual([]);
    expect((await listAuditEvents(world.a.actor, { action: 'domain.disable' })).rows).toEqual([]);
    expect((await listAuditEvents(world.b.actor, { action: 'domain.disable' })).rows).toHaveLength(1);
  });

  it('filter by kind, action and who acted', async () => {
    const accounts = await listAuditEvents(world.customerA.actor, { kind: 'account' });
    expect(accounts.rows.map((r) => r.action)).toEqual(['account.delete', 'account.create', 'account.update', 'account.create']);
    const byCustomer = await listAuditEvents(world.a.actor, { actor: world.customerA.email.toUpperCase() });
    expect(byCustomer.rows).toHaveLength(4);
    expect(new Set(byCustomer.rows.map((r) => r.actorLabel))).toEqual(new Set([world.customerA.email]));
    const updates = await listAuditEvents(world.a.actor, { action: 'account.update' });
    expect(updates.rows.map((r) => r.targetId)).toEqual([world.joeA.id]);
  });

  it('find an object by its name, its Unicode domain or its id', async () => {
    const byName = await listAuditEvents(world.a.actor, { q: 'gone' });
    expect(byName.rows.map((r) => r.action)).toEqual(['account.delete', 'account.create']);
    const byDomain = await listAuditEvents(world.a.actor, { q: world.idnName });
    expect(byDomain.rows.map((r) => r.action)).toContain('domain.create');
    const byId = await listAuditEvents(world.a.actor, { q: world.joeA.id });
    expect(byId.rows.map((r) => r.action)).toEqual(['account.update', 'account.create']);
  });

  it('filter by day (UTC), both ends included', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect((await listAuditEvents(world.a.actor, { from: today, to: today })).rows.length).toBeGreaterThan(0);
    expect((await listAuditEvents(world.a.actor, { to: '2020-01-01' })).rows).toEqual([]);
    expect((await listAuditEvents(world.a.actor, { from: '2999-01-01' })).rows).toEqual([]);
  });
});

describe('audit log events', () => {
  it('carry the state before an edit, and a link only while the object exists', async () => {
    const { rows } = await listAuditEvents(world.customerA.actor, { kind: 'account' });
    const update = rows.find((r) => r.action === 'account.update');
    expect(update?.previous).toMatchObject({ name: 'joe', quotaMb: 100 });
    expect(update?.shownOn).toEqual({ screen: 'account', id: world.joeA.id });
    const deleted = rows.filter((r) => r.targetId === world.gone.id);
    expect(deleted).toHaveLength(2);
    expect(deleted.map((r) => r.shownOn)).toEqual([null, null]);
  });

  it('page both ways by (at, id): older pages, then newer ones, give the same events', async () => {
    const base = Date.parse('2025-06-01T12:00:00Z');
    // 120 events, some at the same instant, so the id decides their order.
    await db().auditEvent.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        at: new Date(base + Math.floor(i / 3) * 1000),
        actorLabel: 'bulk@res.test',
        action: 'test.bulk',
        targetType: 'test',
        resellerId: world.b.id,
        details: { name: `bulk ${i}` },
      })),
    });
    const filter = { action: 'test.bulk' };
    const first = await listAuditEvents(world.b.actor, filter);
    expect(first.rows).toHaveLength(50);
    expect(first.prev).toBeNull();
    const second = await listAuditEvents(world.b.actor, { ...filter, older: first.next ?? undefined });
    const third = await listAuditEvents(world.b.actor, { ...filter, older: second.next ?? undefined });
    expect(third.rows).toHaveLength(20);
    expect(third.next).toBeNull();
    const all = [...first.rows, ...second.rows, ...third.rows];
    expect(all.map((r) => (r.details as { name: string }).name)).toEqual(Array.from({ length: 120 }, (_, i) => `bulk ${119 - i}`));
    const back = await listAuditEvents(world.b.actor, { ...filter, newer: third.prev ?? undefined });
    expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    const front = await listAuditEvents(world.b.actor, { ...filter, newer: back.prev ?? undefined });
    expect(front.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(front.prev).toBeNull();
    // Reseller A sees none of them.
    expect((await listAuditEvents(world.a.actor, filter)).rows).toEqual([]);
  });
});
