// The top bar's one search (lib/data/search.ts): prefix, substring and whole-address matches grouped by
// kind, always inside the actor's tenant, and a query's LIKE characters taken literally.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../lib/auth/actor';
import { createAccount } from '../lib/data/accounts';
import { createAlias } from '../lib/data/aliases';
import { searchPanel } from '../lib/data/search';
import { createVirtmap } from '../lib/data/virtmaps';
import { AccountInput } from '../lib/validation/accounts';
import { AliasInput, VirtmapInput } from '../lib/validation/mail-objects';
import { db } from '../lib/db/client';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff, unique } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const yes = { confirm: () => true };
let w: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const admin = await makeStaff('ADMIN');
  const support = await makeStaff('SUPPORT');
  const host = await makeHost(admin);
  const limits = { maxAccounts: 20, maxAliases: 20, maxVirtmaps: 20 };
  const reseller = await makeReseller(admin, [host.id], limits);
  const customer = await makeCustomer(reseller.actor, limits);
  const sibling = await makeCustomer(reseller.actor, limits);
  const other = await makeReseller(admin, [host.id], limits);
  const stranger = await makeCustomer(other.actor, limits);
  const tag = unique('q');
  const domain = await makeDomain(reseller.actor, customer.id, host.id, `${tag}-own.example`);
  const siblingDomain = await makeDomain(reseller.actor, sibling.id, host.id, `${tag}-sib.example`);
  const strangerDomain = await makeDomain(other.actor, stranger.id, host.id, `${tag}-far.example`);
  const fill = async (actor: Actor, domainId: string, prefix: string) => {
    await createAccount(
      actor,
      AccountInput.parse({
        name: `${prefix}joe`,
        password: 'a good long password',
        quotaMb: '100',
        mailHostId: host.id,
        addressDomainId: domainId,
      }),
      yes,
    );
    await createAlias(actor, AliasInput.parse({ name: `${prefix}team`, targets: `${prefix}joe`, mailHostId: host.id }), yes);
    await createVirtmap(
      actor,
      VirtmapInput.parse({ domainId, localPart: `${prefix}sales`, action: 'deliver', target: `${prefix}team` }),
      yes,
    );
  };
  await fill(customer.actor, domain.id, 'x');
  await fill(sibling.actor, siblingDomain.id, 'x');
  await fill(stranger.actor, strangerDomain.id, 'x');
  return { admin, support, host, reseller, customer, sibling, other, stranger, tag, domain, siblingDomain, strangerDomain };
}

beforeAll(async () => {
  w = await setup();
});

const names = (g: { rows: { name: string }[] }) => g.rows.map((r) => r.name).sort();
const keys = (g: { rows: { localPart: string; domain: { name: string } }[] }) =>
  g.rows.map((r) => `${r.localPart}@${r.domain.name}`).sort();

describe('searchPanel', () => {
  it('finds a domain by prefix and by substring, with a count', async () => {
    const byPrefix = await searchPanel(w.customer.actor, w.tag);
    expect(names(byPrefix.domains)).toEqual([w.domain.name]);
    expect(byPrefix.domains.count).toBe(1);
    const bySubstring = await searchPanel(w.customer.actor, '-OWN.exa');
    expect(names(bySubstring.domains)).toContain(w.domain.name);
  });

  it('takes a query of one or two characters as the start of a name', async () => {
    // xjoe and xsales start with `x`; `jo` and `oe` are only inside xjoe, so they find no account.
    const x = await searchPanel(w.customer.actor, 'x');
    expect(names(x.accounts)).toContain('xjoe');
    expect(keys(x.addresses)).toContain(`xsales@${w.domain.name}`);
    expect((await searchPanel(w.customer.actor, 'oe')).accounts.count).toBe(0);
    expect(names((await searchPanel(w.customer.actor, 'xjo')).accounts)).toEqual(['xjoe']);
    expect(names((await searchPanel(w.customer.actor, 'joe')).accounts)).toEqual(['xjoe']);
  });

  it('finds the account, the alias and the address by a whole address, each in its group', async () => {
    const joe = await searchPanel(w.customer.actor, `xjoe@${w.domain.name}`);
    expect(names(joe.accounts)).toEqual(['xjoe']);
    expect(keys(joe.addresses)).toEqual([`xjoe@${w.domain.name}`]);
    const sales = await searchPanel(w.customer.actor, `XSALES@${w.domain.name}`);
    expect(keys(sales.addresses)).toEqual([`xsales@${w.domain.name}`]);
    // The address delivers to the alias: the alias is found by it.
    expect(names(sales.aliases)).toEqual(['xteam']);
    expect(sales.accounts.count).toBe(0);
    expect(sales.domains.count).toBe(0);
  });

  it('keeps a customer to its own names', async () => {
    const found = await searchPanel(w.customer.actor, w.tag);
    expect(names(found.domains)).toEqual([w.domain.name]);
    expect(keys(found.addresses).every((k) => k.endsWith(w.domain.name))).toBe(true);
    expect(found.addresses.count).toBe(2); // xjoe@ (the account's own) and xsales@
    expect(names(await searchPanel(w.customer.actor, w.sibling.name).then((r) => r.customers))).toEqual([]);
    expect(names(await searchPanel(w.customer.actor, w.customer.name).then((r) => r.customers))).toEqual([w.customer.name]);
    for (const name of [w.siblingDomain.name, w.strangerDomain.name]) {
      const r = await searchPanel(w.customer.actor, `xjoe@${name}`);
      expect([r.domains.count, r.accounts.count, r.aliases.count, r.addresses.count]).toEqual([0, 0, 0, 0]);
    }
    const joes = await searchPanel(w.customer.actor, 'xjoe');
    expect(joes.accounts.count).toBe(1);
  });

  it('shows a reseller its customers’ names, and no other reseller’s', async () => {
    const found = await searchPanel(w.reseller.actor, w.tag);
    expect(names(found.domains)).toEqual([w.domain.name, w.siblingDomain.name].sort());
    expect(found.addresses.count).toBe(4);
    const customers = await searchPanel(w.reseller.actor, w.stranger.name);
    expect(customers.customers.count).toBe(0);
    expect(names((await searchPanel(w.other.actor, w.tag)).domains)).toEqual([w.strangerDomain.name]);
  });

  it('shows support and admin every tenant', async () => {
    for (const actor of [w.admin, w.support]) {
      const found = await searchPanel(actor, w.tag);
      expect(names(found.domains)).toEqual([w.domain.name, w.siblingDomain.name, w.strangerDomain.name].sort());
      expect(found.addresses.count).toBe(6);
      expect(names((await searchPanel(actor, w.stranger.name)).customers)).toEqual([w.stranger.name]);
    }
  });

  it('counts an address once when both its local part and its domain hold the query, and lists it once', async () => {
    // `${tag}-own.example` holds the tag; an address whose local part holds it too matches on both sides.
    await createVirtmap(
      w.customer.actor,
      VirtmapInput.parse({ domainId: w.domain.id, localPart: w.tag, action: 'deliver', target: 'xjoe' }),
      yes,
    );
    const found = await searchPanel(w.customer.actor, w.tag);
    expect(found.addresses.count).toBe(3);
    expect(keys(found.addresses)).toEqual([`${w.tag}@${w.domain.name}`, `xjoe@${w.domain.name}`, `xsales@${w.domain.name}`].sort());
    // …and the account it delivers to is found by it.
    expect(names(found.accounts)).toEqual(['xjoe']);
  });

  it('finds accounts by the addresses that deliver to them, but not when the query matches more addresses than a mailbox has', async () => {
    // 200 addresses at one domain, then a 201st, every one delivering to xjoe, whose own name and login do
    // not hold the query. The search follows at most 200 matching addresses to their accounts: past that
    // it is not a search for one mailbox, and which 200 it read would be whichever the database met first.
    const wide = await makeDomain(w.reseller.actor, w.customer.id, w.host.id, `${w.tag}-wide.example`);
    const addresses = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ domainId: wide.id, localPart: `w${i}`, targetKind: 'LOCAL' as const, targetValue: 'xjoe' }));
    await db().virtmap.createMany({ data: addresses(200) });
    const few = await searchPanel(w.customer.actor, `${w.tag}-wide`);
    expect(few.addresses.count).toBe(100);
    expect(few.addresses.capped).toBe(true);
    expect(names(few.accounts)).toEqual(['xjoe']);
    await db().virtmap.create({ data: { domainId: wide.id, localPart: 'w200', targetKind: 'LOCAL', targetValue: 'xjoe' } });
    for (let i = 0; i < 3; i++) {
      const many = await searchPanel(w.customer.actor, `${w.tag}-wide`);
      expect(many.accounts.count).toBe(0);
      expect(many.domains.rows.map((d) => d.name)).toEqual([wide.name]);
    }
    await db().domain.delete({ where: { id: wide.id } });
  });

  it.each(['%', '_', '\\', "'", '"', `${'x'}%`, 'x_oe', '%joe%', "x' OR '1'='1"])('takes %j literally, not as a pattern', async (q) => {
    const found = await searchPanel(w.admin, q);
    expect([found.customers.count, found.domains.count, found.accounts.count, found.aliases.count, found.addresses.count]).toEqual([
      0, 0, 0, 0, 0,
    ]);
  });
});
