// Rule 6 of docs/tenancy.md: nothing tells one customer about another. Each case here answered about
// another tenant before tenancy: the "live on the mail host" badge moved with another customer's edits,
// creating a customer with an email another tenant's login uses said "already used by another login", and
// a name another customer held was "taken on this mail host by another customer". Now each gives the same
// answer as for something that does not exist.
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../lib/data/accounts';
import { createCustomer } from '../lib/data/customers';
import { DomainError } from '../lib/data/errors';
import { getSyncStatus } from '../lib/data/host-sync-status';
import { verifyLogin } from '../lib/data/sessions';
import { db } from '../lib/db/client';
import { AccountInput } from '../lib/validation/accounts';
import { makeCustomer, makeDomain, PASSWORD, twoTenants, unique } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

let world: Awaited<ReturnType<typeof twoTenants>>;
const yes = { confirm: () => true };

beforeAll(async () => {
  world = await twoTenants();
});

const account = (name: string, mailHostId: string, addressDomainId = '') =>
  AccountInput.parse({ name, password: 'a good long password', quotaMb: '10', mailHostId, addressDomainId });

/** What the worker does when it has published everything saved so far. */
async function publishedAll(mailHostId: string) {
  const host = await db().mailHost.findUniqueOrThrow({ where: { id: mailHostId }, select: { changeSeq: true } });
  await db().mailHost.update({ where: { id: mailHostId }, data: { syncedSeq: host.changeSeq, failingSince: null } });
}

describe('nothing tells one customer about another', () => {
  it('a customer\'s badge stays "live" while another customer\'s edit waits for the mail host', async () => {
    const { host, customerA, customerB, domainA, domainB } = world;
    await createAccount(customerA.actor, account('own', host.id, domainA.id), yes);
    await publishedAll(host.id);
    expect((await getSyncStatus(customerA.actor, host.id)).state).toBe('live');

    await createAccount(customerB.actor, account('theirs', host.id, domainB.id), yes);
    expect((await getSyncStatus(customerA.actor, host.id)).state).toBe('live');
    expect((await getSyncStatus(world.a.actor, host.id)).state).toBe('live'); // A's reseller
    expect((await getSyncStatus(customerB.actor, host.id)).state).toBe('waiting');
    expect((await getSyncStatus(world.admin, host.id)).state).toBe('waiting'); // operators see the whole host

    // A's own next change does wait, until it is published.
    await createAccount(customerA.actor, account('own2', host.id), yes);
    expect((await getSyncStatus(customerA.actor, host.id)).state).toBe('waiting');
    await publishedAll(host.id);
    expect((await getSyncStatus(customerA.actor, host.id)).state).toBe('live');
  });

  it('a name another customer has is free: both may have joe', async () => {
    const { host, customerA, customerB, domainA, domainB } = world;
    await createAccount(customerA.actor, account('joe', host.id, domainA.id), yes);
    await createAccount(customerB.actor, account('joe', host.id, domainB.id), yes);
    expect(await db().account.count({ where: { mailHostId: host.id, name: 'joe' } })).toBe(2);
    // One's own name twice is still refused, in the customer's own words.
    const again = await createAccount(customerA.actor, account('joe', host.id), yes).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DomainError);
    expect((again as DomainError).message).toMatch(/^You have an account named joe/);
  });

  it("an email another tenant's login uses is as free to a reseller as one nobody uses", async () => {
    const taken = world.customerA.email; // a login of reseller A's tenant
    const input = (email: string) => ({
      name: unique('Customer '),
      email,
      password: PASSWORD,
      maxDomains: 1,
      maxAccounts: 1,
      maxAliases: 1,
      maxVirtmaps: 1,
      maxQuotaMb: 10,
    });
    const withTaken = await createCustomer(world.b.actor, input(taken));
    const withFresh = await createCustomer(world.b.actor, input(`${unique('fresh')}@cust.test`));
    expect(Object.keys(withTaken).sort()).toEqual(Object.keys(withFresh).sort());

    // Each login opens its own tenant: the password says which.
    const original = await verifyLogin(taken, PASSWORD);
    expect(original).toMatchObject({ ok: true });
    const bLogin = await db().user.findFirstOrThrow({ where: { email: taken, customerId: withTaken.id }, select: { id: true } });
    expect(original.ok && original.userId).not.toBe(bLogin.id);

    // Inside one's own tenant an email is still one login, and that is said in one's own words.
    const own = await createCustomer(world.b.actor, input(taken)).catch((e: unknown) => e);
    expect(own).toBeInstanceOf(DomainError);
    expect((own as DomainError).message).toBe('One of your logins uses that email address already.');
  });

  it('a domain of a customer without names refuses every name of the host, as an unknown one', async () => {
    const newcomer = await makeCustomer(world.a.actor);
    const domain = await makeDomain(world.a.actor, newcomer.id, world.host.id);
    const { traceForActor } = await import('../lib/data/routes');
    const joe = await traceForActor(world.a.actor, `joe@${domain.name}`);
    const nobody = await traceForActor(world.a.actor, `nobody-at-all@${domain.name}`);
    expect(joe.rcpt).toEqual(nobody.rcpt);
    expect(joe.rcpt).toMatchObject({ accepted: false, reply: { code: 550, status: '5.1.1' } });
  });
});
