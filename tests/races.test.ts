// Races, as 50 browsers clicking at once would make them, on a real Postgres: creates past a customer's or
// a reseller's limit, creates of the same name, a rename racing a delete, and two edits of the same row.
// Limits hold exactly, no duplicate, no unexpected error (every refusal is a DomainError or NotFoundError
// the form shows), and no lost update: the second of two edits from the same page is told, not applied.
import { beforeEach, describe, expect, it } from 'vitest';
import { createAccount, updateAccount } from '../lib/data/accounts';
import { createAlias, updateAliasTargets } from '../lib/data/aliases';
import { updateCustomer } from '../lib/data/customer-edit';
import { createDomain } from '../lib/data/domains';
import { DomainError, NotFoundError } from '../lib/data/errors';
import { deleteCustomer } from '../lib/data/tenant-deletion';
import { db } from '../lib/db/client';
import { AccountInput, AccountUpdateInput } from '../lib/validation/accounts';
import { AliasInput, AliasTargetsInput } from '../lib/validation/mail-objects';
import { CustomerEditInput, DomainInput } from '../lib/validation/tenants';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff, unique } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const yes = { confirm: () => true };
const N = 50;

/** Runs `n` at once; what each gave: 'ok', or the refusal's class (anything else fails the test). */
async function burst<T>(n: number, run: (i: number) => Promise<T>): Promise<{ ok: T[]; refused: Error[] }> {
  const settled = await Promise.allSettled(Array.from({ length: n }, (_, i) => run(i)));
  const ok = settled.filter((s): s is PromiseFulfilledResult<Awaited<T>> => s.status === 'fulfilled').map((s) => s.value as T);
  const refused = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as Error);
  for (const e of refused)
    expect(e instanceof DomainError || e instanceof NotFoundError, `unexpected ${e?.name}: ${e?.message}`).toBe(true);
  return { ok, refused };
}

let world: Awaited<ReturnType<typeof setup>>;
async function setup() {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const reseller = await makeReseller(admin, [host.id], { maxDomains: 7, maxAccounts: 500, maxAliases: 500, maxVirtmaps: 500 });
  const customer = await makeCustomer(reseller.actor, { maxDomains: 5, maxAccounts: 10, maxAliases: 100, maxVirtmaps: 100 });
  const domain = await makeDomain(reseller.actor, customer.id, host.id);
  return { admin, host, reseller, customer, domain };
}

beforeEach(async () => {
  world = await setup();
});

const account = (name: string) => AccountInput.parse({ name, password: 'a good long password', quotaMb: '10', mailHostId: world.host.id });

describe('limits', () => {
  it(`${N} accounts at once for a customer allowed 10: exactly 10`, async () => {
    const { ok } = await burst(N, (i) => createAccount(world.customer.actor, account(`u${i}`), yes));
    expect(ok).toHaveLength(10);
    expect(await db().account.count({ where: { customerId: world.customer.id } })).toBe(10);
  });

  it(`${N} domains at once: the customer’s limit (5) and then the reseller’s (7) hold exactly`, async () => {
    const other = await makeCustomer(world.reseller.actor, { maxDomains: 7 });
    const add = (customerId: string, i: number) =>
      createDomain(world.reseller.actor, DomainInput.parse({ name: `${unique(`r${i}-`)}.example`, customerId, mailHostId: world.host.id }));
    const { ok } = await burst(N, (i) => add(i % 2 ? world.customer.id : other.id, i));
    // The customer had 1 (of 5) and the reseller 1 (of 7): 6 more in all, at most 4 of them the customer's.
    expect(ok).toHaveLength(6);
    expect(await db().domain.count({ where: { customerId: world.customer.id } })).toBeLessThanOrEqual(5);
    expect(await db().domain.count({ where: { customer: { resellerId: world.reseller.id } } })).toBe(7);
  });
});

describe('the same name', () => {
  it(`${N} aliases named alike at once: one`, async () => {
    const { ok, refused } = await burst(N, () =>
      createAlias(world.customer.actor, AliasInput.parse({ name: 'team', targets: 'x@example.net', mailHostId: world.host.id }), yes),
    );
    expect(ok).toHaveLength(1);
    expect(refused.every((e) => /named team/.test(e.message))).toBe(true);
    expect(await db().alias.count({ where: { customerId: world.customer.id, name: 'team' } })).toBe(1);
  });

  it(`${N} domains named alike at once: one`, async () => {
    const name = `${unique('same')}.example`;
    const { ok } = await burst(N, () =>
      createDomain(world.reseller.actor, DomainInput.parse({ name, customerId: world.customer.id, mailHostId: world.host.id })),
    );
    expect(ok).toHaveLength(1);
    expect(await db().domain.count({ where: { name } })).toBe(1);
  });
});

/** A customer's edit form as sent: a new name, its limits, and the version it was drawn from if any. */
const customerEdit = (name: string, version?: string) =>
  CustomerEditInput.parse({
    version,
    name,
    maxDomains: '5',
    maxAccounts: '10',
    maxAliases: '10',
    maxVirtmaps: '10',
    maxQuotaMb: '1000',
    mailHostIds: [],
  });

describe('edits', () => {
  it('a rename racing a delete: one of them wins whole, the other is told', async () => {
    const c = await makeCustomer(world.reseller.actor, { maxDomains: 5 });
    const edit = customerEdit(unique('Renamed '));
    const results = await Promise.allSettled([
      updateCustomer(world.reseller.actor, c.id, edit),
      deleteCustomer(world.reseller.actor, c.id, c.name),
    ]);
    for (const r of results)
      if (r.status === 'rejected')
        expect(r.reason instanceof DomainError || r.reason instanceof NotFoundError, String(r.reason)).toBe(true);
    const left = await db().customer.findUnique({ where: { id: c.id }, select: { name: true } });
    // Deleted (whether or not the rename came first), or renamed with the delete refused for the old name.
    if (left) expect(left.name).toBe(edit.name);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
  });

  it('two edits from the same page: the second is told what changed, and nothing of it is saved', async () => {
    const created = await createAccount(world.customer.actor, account('joe'), yes);
    const loaded = await db().account.findUniqueOrThrow({ where: { id: created.id }, select: { updatedAt: true } });
    const version = loaded.updatedAt.toISOString();
    const edit = (quotaMb: string) => AccountUpdateInput.parse({ quotaMb, enabled: 'on', version });
    await updateAccount(world.customer.actor, created.id, edit('20'), yes);
    await expect(updateAccount(world.customer.actor, created.id, edit('30'), yes)).rejects.toThrow(/changed .* since you opened/);
    expect((await db().account.findUniqueOrThrow({ where: { id: created.id } })).quotaMb).toBe(20);
  });

  it('two edits of a customer from the same page: the second is told, and its name is not saved', async () => {
    const c = await makeCustomer(world.reseller.actor, { maxDomains: 5 });
    const { updatedAt } = await db().customer.findUniqueOrThrow({ where: { id: c.id }, select: { updatedAt: true } });
    const edit = (name: string) => customerEdit(name, updatedAt.toISOString());
    const first = unique('First ');
    await updateCustomer(world.reseller.actor, c.id, edit(first));
    await expect(updateCustomer(world.reseller.actor, c.id, edit(unique('Second ')))).rejects.toThrow(/since you opened/);
    expect((await db().customer.findUniqueOrThrow({ where: { id: c.id } })).name).toBe(first);
  });

  it("two edits of an alias's targets from the same page: the second is told, and the first's targets stay", async () => {
    const alias = await createAlias(
      world.customer.actor,
      AliasInput.parse({ name: 'sales', targets: 'start@example.net', mailHostId: world.host.id }),
      yes,
    );
    const { updatedAt } = await db().alias.findUniqueOrThrow({ where: { id: alias.id }, select: { updatedAt: true } });
    const edit = (targets: string) => AliasTargetsInput.parse({ targets, version: updatedAt.toISOString() });
    const first = edit('first@example.net');
    await updateAliasTargets(world.customer.actor, alias.id, first.targets, yes, first.version);
    const second = edit('second@example.net');
    await expect(updateAliasTargets(world.customer.actor, alias.id, second.targets, yes, second.version)).rejects.toThrow(
      /since you opened/,
    );
    const kept = await db().aliasTarget.findMany({ where: { aliasId: alias.id }, select: { value: true } });
    expect(kept.map((t) => t.value)).toEqual(['first@example.net']);
  });

  it(`${N} edits at once from the same page: one is saved, the others are told`, async () => {
    const created = await createAccount(world.customer.actor, account('ann'), yes);
    const loaded = await db().account.findUniqueOrThrow({ where: { id: created.id }, select: { updatedAt: true } });
    const version = loaded.updatedAt.toISOString();
    const { ok, refused } = await burst(N, (i) =>
      updateAccount(world.customer.actor, created.id, AccountUpdateInput.parse({ quotaMb: String(11 + i), enabled: 'on', version }), yes),
    );
    expect(ok).toHaveLength(1);
    expect(refused.every((e) => /since you opened/.test(e.message))).toBe(true);
  });
});
