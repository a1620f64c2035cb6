// Defects found by trying the mail forms (issue 11), through the data layer: each test fails without its fix.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createAccount, deleteAccount } from '../lib/data/accounts';
import { createAlias, updateAliasTargets } from '../lib/data/aliases';
import { createDomain, describeDomainDisable } from '../lib/data/domains';
import { DomainError, NeedsConfirmation } from '../lib/data/errors';
import { traceForActor } from '../lib/data/routes';
import { createVirtmap } from '../lib/data/virtmaps';
import { AccountInput } from '../lib/validation/accounts';
import { AliasInput, VirtmapInput } from '../lib/validation/mail-objects';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const yes = { confirm: () => true };
const no = { confirm: () => false };
let world: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const reseller = await makeReseller(admin, [host.id]);
  const customer = await makeCustomer(reseller.actor);
  const domain = await makeDomain(reseller.actor, customer.id, host.id);
  return { admin, host, reseller, customer, domain };
}

beforeEach(async () => {
  world = await setup();
});

const account = (name: string) =>
  AccountInput.parse({
    name,
    password: 'a good long password',
    quotaMb: '100',
    mailHostId: world.host.id,
    addressDomainId: world.domain.id,
  });

const virtmap = (localPart: string, target: string) =>
  VirtmapInput.parse({ domainId: world.domain.id, localPart, action: 'deliver', target });

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const mine = (name: string) => ({ name, customerId: world.customer.id });

describe('deleting an account that has addresses', () => {
  it('lists its addresses and the aliases it is taken out of, then deletes them with it in one change', async () => {
    const actor = world.customer.actor;
    const d = world.domain.name;
    await createAccount(actor, account('alice2'), yes);
    await createAccount(actor, account('bob'), yes);
    await createVirtmap(actor, virtmap('info', 'alice2'), yes);
    await createAlias(actor, AliasInput.parse({ name: 'team', targets: 'alice2\nbob', mailHostId: world.host.id }), yes);
    const row = await db().account.findFirstOrThrow({ where: mine('alice2') });
    const seqBefore = (await db().mailHost.findUniqueOrThrow({ where: { id: world.host.id } })).changeSeq;

    const review = (await deleteAccount(actor, row.id, no).catch((e: unknown) => e)) as NeedsConfirmation;
    expect(review).toBeInstanceOf(NeedsConfirmation);
    expect(review.warnings).toContain(`Its 2 addresses go with it: alice2@${d}, info@${d}.`);
    expect(review.warnings).toContain('alice2 is taken out of the alias team, which keeps sending to its other targets.');
    expect(review.changes.map((c) => c.address)).toEqual(expect.arrayContaining([`alice2@${d}`, `info@${d}`]));
    expect(await db().account.count({ where: { id: row.id } })).toBe(1);

    await deleteAccount(actor, row.id, yes);
    expect(await db().account.count({ where: { id: row.id } })).toBe(0);
    expect(await db().virtmap.count({ where: { domainId: world.domain.id, localPart: { in: ['alice2', 'info'] } } })).toBe(0);
    expect((await traceForActor(actor, `team@${d}`)).deliveries).toEqual([{ kind: 'account', name: 'bob' }]);
    // One change published: the host's change counter moved by one.
    const seqAfter = (await db().mailHost.findUniqueOrThrow({ where: { id: world.host.id } })).changeSeq;
    expect(seqAfter).toBe(seqBefore + 1n);
  });

  it('still refuses while an alias sends only to it, and names that alias', async () => {
    const actor = world.customer.actor;
    await createAccount(actor, account('alice3'), yes);
    await createAlias(actor, AliasInput.parse({ name: 'only-alice', targets: 'alice3', mailHostId: world.host.id }), yes);
    const row = await db().account.findFirstOrThrow({ where: mine('alice3') });
    const error = await refusal(deleteAccount(actor, row.id, yes));
    expect(error.message).toBe('The alias only-alice sends mail only to alice3: change or delete it first.');
    expect(await db().account.count({ where: { id: row.id } })).toBe(1);
  });
});

describe('alias loops', () => {
  it('are reported on the Targets field, not only at the top of the form', async () => {
    const actor = world.customer.actor;
    await createAccount(actor, account('carol'), yes);
    await createAlias(actor, AliasInput.parse({ name: 'ring-a', targets: 'carol', mailHostId: world.host.id }), yes);
    await createAlias(actor, AliasInput.parse({ name: 'ring-b', targets: 'ring-a', mailHostId: world.host.id }), yes);
    const a = await db().alias.findFirstOrThrow({ where: mine('ring-a') });
    const error = await refusal(updateAliasTargets(actor, a.id, [{ kind: 'local', name: 'ring-b' }], yes));
    expect(error.fieldErrors.targets?.join(' ')).toMatch(/loop/i);
    // An alias named like the account ring-a ends at makes the loop carol → ring-a → carol.
    const created = await refusal(
      createAlias(actor, AliasInput.parse({ name: 'carol', targets: 'ring-a', mailHostId: world.host.id }), yes),
    );
    expect(created.fieldErrors.targets?.join(' ')).toMatch(/loop/i);
    expect(Object.keys(created.fieldErrors)).toEqual(['targets']);
  });
});

describe('a domain name with a line break', () => {
  it('is refused by the data layer, not joined into another name', async () => {
    const input = { name: `${world.domain.name}\nshop.example`, customerId: world.customer.id, mailHostId: world.host.id };
    const error = await refusal(createDomain(world.reseller.actor, input));
    expect(error.fieldErrors.name).toBeDefined();
    expect(await db().domain.count({ where: { name: { contains: 'shop.example' } } })).toBe(0);
  });
});

describe('the route tracer', () => {
  it('answers a malformed address with "not an address", not "own domains only"', async () => {
    const error = await refusal(traceForActor(world.customer.actor, `joe@@${world.domain.name}`));
    expect(error.message).toContain('is not an address');
    const empty = await refusal(traceForActor(world.customer.actor, '   '));
    expect(empty.message).toContain('Type an address');
  });
});

describe('disabling a domain', () => {
  it('says first what stops: its accounts and aliases at the domain, and its virtmaps', async () => {
    const actor = world.customer.actor;
    await createAccount(actor, account('dora'), yes);
    await createAlias(actor, AliasInput.parse({ name: 'desk', targets: 'dora', mailHostId: world.host.id }), yes);
    const impact = await describeDomainDisable(actor, world.domain.id);
    expect(impact).toEqual({ name: world.domain.name, strict: false, accounts: 1, aliases: 1, virtmaps: 1 });
    // Looking is not doing: the domain is still enabled.
    expect((await db().domain.findUniqueOrThrow({ where: { id: world.domain.id } })).enabled).toBe(true);
  });
});
