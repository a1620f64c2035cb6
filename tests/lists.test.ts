// The list screens' data: sorting (server-side, paging stays stable under any order), totals, and search
// by what people know (an account by any address that lands in it, an alias by a target, an IDN domain
// by its Unicode name) — always within the actor's tenant.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createAccount } from '../lib/data/accounts';
import { listAccounts } from '../lib/data/account-list';
import { createAlias } from '../lib/data/aliases';
import { listAliases } from '../lib/data/alias-list';
import { listCustomers } from '../lib/data/customer-list';
import { listDomains } from '../lib/data/domain-list';
import { listResellers } from '../lib/data/reseller-list';
import { searchPanel } from '../lib/data/search';
import { createVirtmap } from '../lib/data/virtmaps';
import { markHostChanged } from '../lib/data/sync-trigger';
import { AccountInput } from '../lib/validation/accounts';
import { AliasInput, VirtmapInput } from '../lib/validation/mail-objects';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff, unique } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const yes = { confirm: () => true };
let world: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const limits = { maxAccounts: 100, maxAliases: 20 };
  const reseller = await makeReseller(admin, [host.id], limits);
  const customer = await makeCustomer(reseller.actor, limits);
  const idnName = `${unique('bücher-')}.example`;
  const idn = await makeDomain(reseller.actor, customer.id, host.id, idnName);
  const plain = await makeDomain(reseller.actor, customer.id, host.id);
  const other = await makeReseller(admin, [host.id], limits);
  const otherCustomer = await makeCustomer(other.actor, limits);
  // Another tenant with an IDN domain and accounts of the same names: never found, never counted.
  const otherIdn = await makeDomain(other.actor, otherCustomer.id, host.id, `${unique('bücher-')}.example`);
  return { admin, host, reseller, customer, idn, idnName, plain, other, otherCustomer, otherIdn };
}

/** `count` accounts put straight in (the lists only read them), quotas 100–102 so the quota order has ties. */
async function bulkAccounts(customerId: string, prefix: string, count: number) {
  await db().$transaction(async (tx) => {
    await markHostChanged(tx, world.host.id, customerId);
    await tx.account.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        mailHostId: world.host.id,
        customerId,
        name: `${prefix}${String(i).padStart(2, '0')}`,
        mailbox: `${customerId.slice(0, 8)}-${prefix}${i}`,
        passwordHash: '{BLF-CRYPT}x',
        quotaMb: 100 + (i % 3),
      })),
    });
  });
}

beforeAll(async () => {
  world = await setup();
  await bulkAccounts(world.customer.id, 'bulk', 30);
  await bulkAccounts(world.otherCustomer.id, 'bulk', 7);
  const actor = world.customer.actor;
  const account = (name: string, domainId: string) =>
    AccountInput.parse({ name, password: 'a good long password', quotaMb: '100', mailHostId: world.host.id, addressDomainId: domainId });
  await createAccount(actor, account('joe.smith', world.idn.id), yes);
  await createAccount(actor, account('mary', world.plain.id), yes);
  // sales@plain → joe.smith: an address that lands in joe.smith without naming it.
  await createVirtmap(
    actor,
    VirtmapInput.parse({ domainId: world.plain.id, localPart: 'sales', action: 'deliver', target: 'joe.smith' }),
    yes,
  );
  await createAlias(actor, AliasInput.parse({ name: 'team', targets: 'mary, boss@partner.example', mailHostId: world.host.id }), yes);
  await createAlias(actor, AliasInput.parse({ name: 'helpdesk', targets: 'joe.smith', mailHostId: world.host.id }), yes);
});

const names = (rows: { name: string }[]) => rows.map((r) => r.name);

describe('accounts list', () => {
  it('counts the tenant’s own accounts only, and pages forwards and back through the same rows', async () => {
    const actor = world.reseller.actor;
    const sort = { key: 'quota' as const, desc: true };
    const first = await listAccounts(actor, { sort });
    expect(first.total).toBe(32);
    expect(first.rows).toHaveLength(25);
    expect(first.prev).toBeNull();
    const second = await listAccounts(actor, { sort, after: first.next ?? undefined });
    expect(second.rows).toHaveLength(7);
    expect(second.next).toBeNull();
    const all = [...first.rows, ...second.rows];
    expect(new Set(all.map((r) => r.id)).size).toBe(32);
    // Highest quota first; ties broken the same way every time (by id), so no row is skipped or repeated.
    const quotas = all.map((r) => r.quotaMb);
    expect(quotas).toEqual([...quotas].sort((a, b) => b - a));
    const back = await listAccounts(actor, { sort, before: second.prev ?? undefined });
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.prev).toBeNull();
  });

  it('sorts by name either way', async () => {
    const asc = await listAccounts(world.customer.actor, { sort: { key: 'name', desc: false } });
    const desc = await listAccounts(world.customer.actor, { sort: { key: 'name', desc: true } });
    expect(names(asc.rows)[0]).toBe('bulk00');
    expect(names(desc.rows).slice(0, 2)).toEqual(['mary', 'joe.smith']);
  });

  it('finds an account by its login address, in Unicode or ASCII', async () => {
    const actor = world.customer.actor;
    const unicode = await listAccounts(actor, { q: `joe.smith@${world.idnName}` });
    expect(names(unicode.rows)).toEqual(['joe.smith']);
    expect(unicode.total).toBe(1);
    expect(unicode.rows[0]?.loginAddress).toBe(`joe.smith@${world.idn.name}`);
    expect(names((await listAccounts(actor, { q: `smith@${world.idn.name.slice(0, 12)}` })).rows)).toEqual(['joe.smith']);
  });

  it('finds an account by an address that lands in it without naming it', async () => {
    const found = await listAccounts(world.customer.actor, { q: `sales@${world.plain.name}` });
    expect(names(found.rows)).toEqual(['joe.smith']);
  });

  it.each(['joe_smith', 'joe%', '%smith', 'j\\oe'])('takes %j literally: LIKE’s wildcards match only themselves', async (q) => {
    expect((await listAccounts(world.customer.actor, { q })).total).toBe(0);
    expect((await listAliases(world.customer.actor, { q })).total).toBe(0);
    expect((await listDomains(world.customer.actor, { q })).total).toBe(0);
  });

  it('matches a query shorter than three characters at the start of a name, a longer one anywhere', async () => {
    const actor = world.customer.actor;
    // `ry` is inside mary, `ma` starts it: a short query is a prefix (docs/publishing.md, "lists at 1M").
    expect((await listAccounts(actor, { q: 'ry' })).total).toBe(0);
    expect(names((await listAccounts(actor, { q: 'ma' })).rows)).toEqual(['mary']);
    expect(names((await listAccounts(actor, { q: 'ary' })).rows)).toEqual(['mary']);
    expect((await listAliases(actor, { q: 'am' })).total).toBe(0);
    expect(names((await listAliases(actor, { q: 'te' })).rows)).toEqual(['team']);
    expect(names((await listAliases(actor, { q: 'eam' })).rows)).toEqual(['team']);
    // One character: every bulk account starts with `b`, none of them with `u` (though `bulk` holds one).
    expect((await listAccounts(actor, { q: 'b' })).total).toBe(30);
    expect((await listAccounts(actor, { q: 'u' })).total).toBe(0);
  });

  it('finds nothing of another tenant, even by a name both have', async () => {
    const found = await listAccounts(world.other.actor, { q: 'bulk0' });
    expect(found.total).toBe(7);
    expect((await listAccounts(world.other.actor, { q: 'joe.smith' })).total).toBe(0);
    expect((await listAccounts(world.other.actor, { q: `sales@${world.plain.name}` })).total).toBe(0);
  });
});

describe('aliases list', () => {
  it('finds an alias by a target, and counts the matches', async () => {
    const found = await listAliases(world.customer.actor, { q: 'boss@partner' });
    expect(names(found.rows)).toEqual(['team']);
    expect(found.total).toBe(1);
    expect(names((await listAliases(world.customer.actor, { q: 'joe.smith' })).rows)).toEqual(['helpdesk']);
    expect((await listAliases(world.other.actor, { q: 'boss@partner' })).total).toBe(0);
  });

  it('finds aliases by a target when more targets match than are read ahead, with an exact total', async () => {
    // 1,001 aliases whose one target holds `widetarget`: more than the list reads ahead (TARGET_MATCHES),
    // so it falls back to one query over all the actor's aliases, whose total is exact.
    // A reseller of its own, so the other tests' counts of customers and aliases stay as they are.
    const reseller = await makeReseller(world.admin, [world.host.id], { maxAccounts: 10, maxAliases: 10 });
    const customer = await makeCustomer(reseller.actor, { maxAccounts: 10, maxAliases: 10 });
    await db().$transaction(async (tx) => {
      await markHostChanged(tx, world.host.id, customer.id);
      const ids = Array.from({ length: 1001 }, () => crypto.randomUUID());
      await tx.alias.createMany({
        data: ids.map((id, i) => ({ id, mailHostId: world.host.id, customerId: customer.id, name: `wide${String(i).padStart(4, '0')}` })),
      });
      await tx.aliasTarget.createMany({
        data: ids.map((aliasId) => ({ aliasId, position: 0, kind: 'EXTERNAL' as const, value: 'widetarget@partner.example' })),
      });
    });
    const found = await listAliases(reseller.actor, { q: 'widetarget' });
    expect(found.total).toBe(1001);
    expect(names(found.rows).slice(0, 2)).toEqual(['wide0000', 'wide0001']);
    expect((await listAliases(world.reseller.actor, { q: 'widetarget' })).total).toBe(0);
    expect((await listAliases(world.reseller.actor, { q: 'boss@partner' })).total).toBe(1);
    expect((await listAliases(world.other.actor, { q: 'widetarget' })).total).toBe(0);
    // The list reads up to 1,000 matches first and sorts those; past that it asks in order (search-matches.ts).
    const some = await listAliases(reseller.actor, { q: 'wide099' });
    expect(some.total).toBe(10);
    expect(names(some.rows)).toEqual(Array.from({ length: 10 }, (_, i) => `wide099${i}`));
    const desc = await listAliases(reseller.actor, { q: 'wide', sort: { key: 'name', desc: true } });
    expect(desc.total).toBe(1001);
    expect(names(desc.rows).slice(0, 2)).toEqual(['wide1000', 'wide0999']);
    // The top bar's search counts to 100: below it, the matches are sorted here; above it, "100+".
    const few = await searchPanel(reseller.actor, 'wide000');
    expect(few.aliases.rows.map((r) => r.name)).toEqual(['wide0000', 'wide0001', 'wide0002', 'wide0003', 'wide0004']);
    expect([few.aliases.count, few.aliases.capped]).toEqual([10, false]);
    const many = await searchPanel(reseller.actor, 'wide0');
    expect(many.aliases.rows.map((r) => r.name)).toEqual(['wide0000', 'wide0001', 'wide0002', 'wide0003', 'wide0004']);
    expect([many.aliases.count, many.aliases.capped]).toEqual([100, true]);
  });

  it('sorts by name either way', async () => {
    expect(names((await listAliases(world.customer.actor, { sort: { key: 'name', desc: true } })).rows)).toEqual(['team', 'helpdesk']);
    expect(names((await listAliases(world.customer.actor, { sort: { key: 'name', desc: false } })).rows)).toEqual(['helpdesk', 'team']);
  });
});

describe('domains list', () => {
  it('finds an IDN domain by its Unicode name and by its ASCII form, in the tenant only', async () => {
    const unicode = await listDomains(world.reseller.actor, { q: 'bücher' });
    expect(unicode.rows.map((d) => d.id)).toEqual([world.idn.id]);
    expect(unicode.total).toBe(1);
    expect((await listDomains(world.reseller.actor, { q: 'XN--BCHER' })).rows.map((d) => d.id)).toEqual([world.idn.id]);
    expect((await listDomains(world.reseller.actor, { q: world.idnName.toUpperCase() })).total).toBe(1);
    expect((await listDomains(world.admin, { q: 'bücher' })).rows.map((d) => d.id).sort()).toEqual(
      [world.idn.id, world.otherIdn.id].sort(),
    );
  });

  it('totals and sorts by status', async () => {
    const all = await listDomains(world.customer.actor, { sort: { key: 'name', desc: false } });
    expect(all.total).toBe(2);
    expect(all.rows.map((d) => d.name)).toEqual([world.idn.name, world.plain.name].sort());
  });

  it('shows how many addresses each domain has', async () => {
    const all = await listDomains(world.customer.actor, {});
    const count = (id: string) => all.rows.find((d) => d.id === id)?._count.virtmaps;
    // joe.smith@idn; mary@plain and sales@plain.
    expect([count(world.idn.id), count(world.plain.id)]).toEqual([1, 2]);
  });
});

describe('customers and resellers lists', () => {
  it('total what the actor may see, sorted as asked', async () => {
    const second = await makeCustomer(world.reseller.actor);
    const customers = await listCustomers(world.reseller.actor, { sort: { key: 'added', desc: true } });
    expect(customers.total).toBe(2);
    expect(customers.rows.map((c) => c.id)).toEqual([second.id, world.customer.id]);
    const resellers = await listResellers(world.admin, { q: world.reseller.name.slice(0, 14), sort: { key: 'name', desc: true } });
    expect(resellers.rows.map((r) => r.name)).toEqual([...resellers.rows.map((r) => r.name)].sort().reverse());
    expect(resellers.total).toBe(resellers.rows.length);
  });
});
