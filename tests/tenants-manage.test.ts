// Editing and deleting resellers and customers, and a customer adding its own domains, through the data
// layer: the tenant in every where, limits within the reseller's and never below use, and a deletion that
// takes the customer's mail objects and marks its hosts for publishing.
import { beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../lib/data/accounts';
import { createAlias } from '../lib/data/aliases';
import { updateCustomer } from '../lib/data/customer-edit';
import { createDomain, deleteDomain } from '../lib/data/domains';
import { DomainError, ForbiddenError, NotFoundError } from '../lib/data/errors';
import { updateReseller } from '../lib/data/reseller-edit';
import { deleteCustomer, deleteReseller, describeCustomerDeletion } from '../lib/data/tenant-deletion';
import { db } from '../lib/db/client';
import { AccountInput } from '../lib/validation/accounts';
import { AliasInput } from '../lib/validation/mail-objects';
import { CustomerEditInput, DomainInput, ResellerEditInput } from '../lib/validation/tenants';
import { makeCustomer, makeDomain, makeHost, twoTenants, unique } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

let world: Awaited<ReturnType<typeof twoTenants>>;
beforeEach(async () => {
  world = await twoTenants();
});

const LIMITS = { maxDomains: '10', maxAccounts: '10', maxAliases: '10', maxVirtmaps: '10', maxQuotaMb: '10240' };
const edit = (fields: Partial<Record<string, unknown>> = {}) =>
  CustomerEditInput.parse({ name: unique('Customer '), ...LIMITS, mailHostIds: [], ...fields });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );
const seq = async (hostId: string) => (await db().mailHost.findUniqueOrThrow({ where: { id: hostId } })).changeSeq;
const yes = { confirm: () => true };

describe('editing a customer', () => {
  it("is its own reseller's: another reseller finds no such customer", async () => {
    const { b, customerA } = world;
    expect(await failure(updateCustomer(b.actor, customerA.id, edit()))).toBeInstanceOf(NotFoundError);
    expect(await failure(deleteCustomer(b.actor, customerA.id, customerA.name))).toBeInstanceOf(NotFoundError);
    expect(await failure(updateCustomer(customerA.actor, customerA.id, edit()))).toBeInstanceOf(ForbiddenError);
  });

  it('saves name, limits, hosts and whether it adds its own domains, audited before and after', async () => {
    const { a, customerA, host } = world;
    const name = unique('Renamed ');
    await updateCustomer(a.actor, customerA.id, edit({ name, maxDomains: '3', mayAddDomains: 'on', mailHostIds: [host.id] }));
    const saved = await db().customer.findUniqueOrThrow({ where: { id: customerA.id }, include: { mailHosts: true } });
    expect(saved).toMatchObject({ name, maxDomains: 3, mayAddDomains: true });
    expect(saved.mailHosts.map((m) => m.mailHostId)).toEqual([host.id]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'customer.update', targetId: customerA.id } });
    expect(audit.details).toMatchObject({
      before: { name: customerA.name, maxDomains: 10, mayAddDomains: false },
      after: { name, maxDomains: 3 },
    });
  });

  it("refuses a limit below what it holds, or above the reseller's", async () => {
    const { a, customerA } = world; // it holds one domain
    const below = await failure(updateCustomer(a.actor, customerA.id, edit({ maxDomains: '0' })));
    expect((below as DomainError).fieldErrors.maxDomains).toEqual(['At least 1 domain: that many are in use.']);
    const above = await failure(updateCustomer(a.actor, customerA.id, edit({ maxAccounts: '11' })));
    expect((above as DomainError).fieldErrors.maxAccounts).toEqual(["At most 10 accounts: the reseller's own limit."]);
  });

  it('refuses letting it add domains without a host to put them on', async () => {
    const { a, customerA } = world;
    const refused = await failure(updateCustomer(a.actor, customerA.id, edit({ mayAddDomains: 'on' })));
    expect((refused as DomainError).fieldErrors.mailHostIds).toEqual(['Choose at least one host for the domains it adds.']);
  });

  it("refuses hosts that are not its reseller's", async () => {
    const { admin, a, customerA } = world;
    const other = await makeHost(admin);
    const refused = await failure(updateCustomer(a.actor, customerA.id, edit({ mailHostIds: [other.id] })));
    expect((refused as DomainError).fieldErrors.mailHostIds).toEqual(["Choose mail hosts from the reseller's own."]);
  });
});

describe('a customer adding its own domains', () => {
  const add = (actor: typeof world.a.actor, customerId: string, mailHostId: string, name = `${unique('own')}.example`) =>
    createDomain(actor, DomainInput.parse({ name, customerId, mailHostId }));

  it('may not unless its reseller allows it', async () => {
    const { customerA, host } = world;
    expect(await failure(add(customerA.actor, customerA.id, host.id))).toBeInstanceOf(ForbiddenError);
  });

  it('adds and deletes its own where allowed, only on its allowed hosts and within its limit', async () => {
    const { admin, a, customerA, host } = world;
    const second = await makeHost(admin);
    await updateReseller(admin, a.id, ResellerEditInput.parse({ name: unique('Reseller '), ...LIMITS, mailHostIds: [host.id, second.id] }));
    await updateCustomer(a.actor, customerA.id, edit({ maxDomains: '2', mayAddDomains: 'on', mailHostIds: [host.id] }));
    const offHost = await failure(add(customerA.actor, customerA.id, second.id));
    expect((offHost as DomainError).fieldErrors.mailHostId).toEqual(['Choose one of your mail hosts.']);
    const name = `${unique('own')}.example`;
    const own = await add(customerA.actor, customerA.id, host.id, name);
    const full = await failure(add(customerA.actor, customerA.id, host.id));
    expect((full as DomainError).message).toBe(
      `${(await db().customer.findUniqueOrThrow({ where: { id: customerA.id } })).name} has reached its limit of 2 domains.`,
    );
    // Like a reseller's, its domain takes no mail until its ownership is proven.
    expect((await db().domain.findUniqueOrThrow({ where: { id: own.id } })).verifiedAt).toBeNull();
    await deleteDomain(customerA.actor, own.id, name);
    expect(await db().domain.count({ where: { id: own.id } })).toBe(0);
  });

  it('may not add for another customer, even when allowed itself', async () => {
    const { a, customerA, customerB, host } = world;
    await updateCustomer(a.actor, customerA.id, edit({ mayAddDomains: 'on', mailHostIds: [host.id] }));
    expect(await failure(add(customerA.actor, customerB.id, host.id))).toBeInstanceOf(NotFoundError);
  });
});

describe('editing a reseller', () => {
  it('is the operator’s only, and never below what its customers hold', async () => {
    const { admin, a, b, host } = world;
    const input = ResellerEditInput.parse({ name: unique('Reseller '), ...LIMITS, mailHostIds: [host.id] });
    expect(await failure(updateReseller(a.actor, a.id, input))).toBeInstanceOf(ForbiddenError);
    expect(await failure(updateReseller(a.actor, b.id, input))).toBeInstanceOf(NotFoundError);
    const below = await failure(updateReseller(admin, a.id, { ...input, maxDomains: 0 }));
    expect((below as DomainError).fieldErrors.maxDomains).toEqual(['At least 1 domain: that many are in use.']);
  });

  it('refuses to take away a host that still carries its customers’ domains, naming how many', async () => {
    const { admin, a, host } = world;
    const other = await makeHost(admin);
    const refused = await failure(
      updateReseller(admin, a.id, ResellerEditInput.parse({ name: unique('R '), ...LIMITS, mailHostIds: [other.id] })),
    );
    expect((refused as DomainError).message).toBe(
      `${host.name} still carries 1 domain of this reseller's customers: move or delete them first.`,
    );
  });
});

describe('deleting', () => {
  it('a customer takes its logins and mail objects, and marks its host for publishing', async () => {
    const { a, customerA, domainA, host } = world;
    await createAccount(
      customerA.actor,
      AccountInput.parse({ name: 'joe', password: 'a good long password', quotaMb: '10', mailHostId: host.id }),
      yes,
    );
    await createAlias(customerA.actor, AliasInput.parse({ name: 'sales', targets: 'joe', mailHostId: host.id }), yes);
    const review = await describeCustomerDeletion(a.actor, customerA.id);
    expect(review).toMatchObject({ logins: [customerA.email], domains: [domainA.name], accounts: 1, aliases: 1, hosts: [host.name] });
    const before = await seq(host.id);
    const mistyped = await failure(deleteCustomer(a.actor, customerA.id, 'not its name'));
    expect((mistyped as DomainError).fieldErrors.confirmName).toEqual([`Type ${customerA.name} to confirm.`]);
    await deleteCustomer(a.actor, customerA.id, customerA.name);
    expect(await db().customer.count({ where: { id: customerA.id } })).toBe(0);
    expect(await db().user.count({ where: { email: customerA.email } })).toBe(0);
    expect(await db().domain.count({ where: { customerId: customerA.id } })).toBe(0);
    expect(await db().account.count({ where: { customerId: customerA.id } })).toBe(0);
    expect(await seq(host.id)).toBeGreaterThan(before);
    // The other reseller's customer is untouched.
    expect(await db().domain.count({ where: { id: world.domainB.id } })).toBe(1);
  });

  it('a reseller takes its customers; only an operator may', async () => {
    const { admin, a, host } = world;
    const second = await makeCustomer(a.actor);
    await makeDomain(a.actor, second.id, host.id);
    const reseller = await db().reseller.findUniqueOrThrow({ where: { id: a.id } });
    expect(await failure(deleteReseller(a.actor, a.id, reseller.name))).toBeInstanceOf(ForbiddenError);
    const before = await seq(host.id);
    await deleteReseller(admin, a.id, reseller.name);
    expect(await db().reseller.count({ where: { id: a.id } })).toBe(0);
    expect(await db().customer.count({ where: { resellerId: a.id } })).toBe(0);
    expect(await seq(host.id)).toBeGreaterThan(before);
    expect(await db().domain.count({ where: { id: world.domainB.id } })).toBe(1);
  });
});
