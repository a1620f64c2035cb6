// Cross-tenant access through the data layer: another tenant's id answers exactly like an id that does
// not exist, and changes nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createDomain, deleteDomain, describeDomainDeletion, getDomain, setDomainEnabled } from '../lib/data/domains';
import { listDomains } from '../lib/data/domain-list';
import { createCustomer, getCustomer, setCustomerStatus } from '../lib/data/customers';
import { listCustomers } from '../lib/data/customer-list';
import { ForbiddenError, NotFoundError } from '../lib/data/errors';
import { getReseller, setResellerStatus } from '../lib/data/resellers';
import { listResellers } from '../lib/data/reseller-list';
import { listAuditEvents } from '../lib/data/audit-log';
import { makeCustomer, makeStaff, PASSWORD, twoTenants } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

let world: Awaited<ReturnType<typeof twoTenants>>;
const MISSING = '7d9f1c3e-0000-4000-8000-000000000000';

async function snapshot() {
  const [domains, customers, resellers, audit] = await Promise.all([
    db().domain.findMany({ orderBy: { id: 'asc' } }),
    db().customer.findMany({ orderBy: { id: 'asc' } }),
    db().reseller.findMany({ orderBy: { id: 'asc' } }),
    db().auditEvent.count(),
  ]);
  return { domains, customers, resellers, audit };
}

// Tenants of its own for every test: some tests add customers or change a domain on the way.
beforeEach(async () => {
  world = await twoTenants();
});

describe('reseller B against reseller A', () => {
  it('cannot read A\'s customer or domain by id, and the answer equals "does not exist"', async () => {
    const { b, customerA, domainA } = world;
    const missing = await getCustomer(b.actor, MISSING).catch((e: unknown) => e);
    const foreign = await getCustomer(b.actor, customerA.id).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect((foreign as Error).message).toBe((missing as Error).message);
    await expect(getDomain(b.actor, domainA.id)).rejects.toThrow(NotFoundError);
    await expect(describeDomainDeletion(b.actor, domainA.id)).rejects.toThrow(NotFoundError);
    await expect(getReseller(b.actor, world.a.id)).rejects.toThrow(NotFoundError);
  });

  it("cannot change or delete A's customer or domain, and nothing changes", async () => {
    const { b, customerA, domainA } = world;
    const before = await snapshot();
    await expect(setDomainEnabled(b.actor, domainA.id, false)).rejects.toThrow(NotFoundError);
    await expect(deleteDomain(b.actor, domainA.id, domainA.name)).rejects.toThrow(NotFoundError);
    await expect(setCustomerStatus(b.actor, customerA.id, 'SUSPENDED')).rejects.toThrow(NotFoundError);
    await expect(createDomain(b.actor, { name: 'planted.example', customerId: customerA.id, mailHostId: world.host.id })).rejects.toThrow(
      NotFoundError,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('lists only its own customers, domains and audit events', async () => {
    const { b, customerB, domainB } = world;
    expect((await listCustomers(b.actor, {})).rows.map((c) => c.id)).toEqual([customerB.id]);
    expect((await listDomains(b.actor, {})).rows.map((d) => d.id)).toEqual([domainB.id]);
    const audit = await listAuditEvents(b.actor);
    expect(audit.rows.length).toBeGreaterThan(0);
    expect(audit.rows.map((e) => JSON.stringify(e.details))).not.toContainEqual(expect.stringContaining(world.domainA.name));
    expect(audit.rows.some((e) => JSON.stringify(e.details).includes(world.domainB.name))).toBe(true);
  });

  it("cannot create a customer under A, even by naming A's reseller id", async () => {
    const customer = await createCustomer(world.b.actor, {
      resellerId: world.a.id,
      name: 'Sneaky',
      email: 'sneaky@x.test',
      password: PASSWORD,
      maxDomains: 1,
      maxAccounts: 1,
      maxAliases: 1,
      maxVirtmaps: 1,
      maxQuotaMb: 1,
    });
    const row = await db().customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(row.resellerId).toBe(world.b.id);
  });

  it('cannot list resellers at all', async () => {
    await expect(listResellers(world.b.actor, {})).rejects.toThrow(ForbiddenError);
  });
});

describe('customers of one reseller', () => {
  it("see only their own domains and cannot touch a sibling's", async () => {
    const sibling = await makeCustomer(world.a.actor);
    await expect(getDomain(sibling.actor, world.domainA.id)).rejects.toThrow(NotFoundError);
    await expect(setDomainEnabled(sibling.actor, world.domainA.id, false)).rejects.toThrow(NotFoundError);
    expect((await listDomains(sibling.actor, {})).rows).toEqual([]);
  });

  it('may disable their own domain but not delete it or add one', async () => {
    const owner = world.customerA.actor;
    await setDomainEnabled(owner, world.domainA.id, false);
    expect((await getDomain(owner, world.domainA.id)).enabled).toBe(false);
    await setDomainEnabled(owner, world.domainA.id, true);
    await expect(deleteDomain(owner, world.domainA.id, world.domainA.name)).rejects.toThrow(ForbiddenError);
    await expect(createDomain(owner, { name: 'mine.example', customerId: world.customerA.id, mailHostId: world.host.id })).rejects.toThrow(
      ForbiddenError,
    );
  });
});

describe('support staff', () => {
  it('read every tenant but change nothing directly', async () => {
    const support = await makeStaff('SUPPORT');
    expect((await getDomain(support, world.domainA.id)).name).toBe(world.domainA.name);
    expect((await getCustomer(support, world.customerB.id)).id).toBe(world.customerB.id);
    const before = await snapshot();
    await expect(setDomainEnabled(support, world.domainA.id, false)).rejects.toThrow(ForbiddenError);
    await expect(deleteDomain(support, world.domainB.id, world.domainB.name)).rejects.toThrow(ForbiddenError);
    await expect(setResellerStatus(support, world.a.id, 'SUSPENDED')).rejects.toThrow(ForbiddenError);
    expect(await snapshot()).toEqual(before);
  });
});
