// What a customer controls of the tenancy rule (docs/tenancy.md): a strict domain (only its own addresses
// exist) and each account's POP/IMAP login address, through the data layer and the review.
import { beforeEach, describe, expect, it } from 'vitest';
import { createAccount, updateAccount } from '../lib/data/accounts';
import { setDomainStrict } from '../lib/data/domains';
import { DomainError, NeedsConfirmation } from '../lib/data/errors';
import { traceForActor } from '../lib/data/routes';
import { readHostSnapshot } from '../lib/data/snapshots';
import { createVirtmap } from '../lib/data/virtmaps';
import { db } from '../lib/db/client';
import { AccountInput, AccountUpdateInput } from '../lib/validation/accounts';
import { VirtmapInput } from '../lib/validation/mail-objects';
import { twoTenants } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

let world: Awaited<ReturnType<typeof twoTenants>>;
const yes = { confirm: () => true };
const no = { confirm: () => false };

// Tenants of their own for every test: the tests make domains strict and move login addresses.
beforeEach(async () => {
  world = await twoTenants();
  const { customerA, host, domainA } = world;
  await createAccount(
    customerA.actor,
    AccountInput.parse({ name: 'joe', password: 'a good long password', quotaMb: '10', mailHostId: host.id, addressDomainId: domainA.id }),
    yes,
  );
  await createAccount(
    customerA.actor,
    AccountInput.parse({ name: 'ann', password: 'a good long password', quotaMb: '10', mailHostId: host.id }),
    yes,
  );
});

const outcome = async (address: string) => {
  const trace = await traceForActor(world.customerA.actor, address);
  return trace.rcpt.accepted
    ? trace.deliveries.map((d) => (d.kind === 'account' ? `account ${d.name}` : d.kind)).join(', ')
    : `refused ${trace.rcpt.reply.code}`;
};

describe('a strict domain', () => {
  it('has only its own addresses, after a review that lists what stops', async () => {
    const { customerA, domainA } = world;
    expect(await outcome(`ann@${domainA.name}`)).toBe('account ann'); // the customer's fall-through
    const review = await setDomainStrict(customerA.actor, domainA.id, true, no).catch((e: unknown) => e);
    expect(review).toBeInstanceOf(NeedsConfirmation);
    expect((review as NeedsConfirmation).changes).toContainEqual({
      address: `ann@${domainA.name}`,
      before: 'Delivered to the account ann.',
      after: 'Refused at RCPT: 550 5.1.1 User unknown',
    });
    await setDomainStrict(customerA.actor, domainA.id, true, yes);
    expect(await outcome(`ann@${domainA.name}`)).toBe('refused 550');
    expect(await outcome(`joe@${domainA.name}`)).toBe('account joe'); // its own address stays
    expect(await outcome(`postmaster@${domainA.name}`)).toBe('host');
    await setDomainStrict(customerA.actor, domainA.id, false, yes);
    expect(await outcome(`ann@${domainA.name}`)).toBe('account ann');
  });

  it("is not another tenant's to change", async () => {
    const error = await setDomainStrict(world.customerB.actor, world.domainA.id, true, yes).catch((e: unknown) => e);
    expect((error as Error).name).toBe('NotFoundError');
  });
});

describe('the login address', () => {
  it("is the address made with the account, or its name at the customer's first domain", async () => {
    const accounts = (await readHostSnapshot(world.host.id)).accounts.filter((a) => a.name === 'joe' || a.name === 'ann');
    expect(accounts.map((a) => [a.name, a.login]).sort()).toEqual([
      ['ann', `ann@${world.domainA.name}`],
      ['joe', `joe@${world.domainA.name}`],
    ]);
  });

  it('can be changed to another address of the account, which ends a kept bare-name login', async () => {
    const { customerA, domainA } = world;
    const joe = await db().account.findFirstOrThrow({ where: { customerId: customerA.id, name: 'joe' } });
    // As if from before tenancy (a write to mail data marks the host changed, as the data layer's do).
    await db().$transaction([
      db().account.update({ where: { id: joe.id }, data: { legacyLogin: 'joe' } }),
      db().mailHost.update({ where: { id: world.host.id }, data: { changeSeq: { increment: 1 } } }),
    ]);
    const update = (loginAddress: string) =>
      updateAccount(customerA.actor, joe.id, AccountUpdateInput.parse({ quotaMb: '10', enabled: 'on', loginAddress }), yes);

    // An address that does not reach joe is refused, saying so; nothing changes.
    const wrong = await update(`ann@${domainA.name}`).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(DomainError);
    expect((wrong as DomainError).fieldErrors.loginAddress?.[0]).toContain('does not reach the account joe');
    // Another customer's domain is not one of joe's.
    const theirs = await update(`joe@${world.domainB.name}`).catch((e: unknown) => e);
    expect((theirs as DomainError).fieldErrors.loginAddress?.[0]).toMatch(/at one of .*'s domains/);
    expect(await db().account.findUniqueOrThrow({ where: { id: joe.id }, select: { loginAddress: true, legacyLogin: true } })).toEqual({
      loginAddress: `joe@${domainA.name}`,
      legacyLogin: 'joe',
    });

    await createVirtmap(
      customerA.actor,
      VirtmapInput.parse({ domainId: domainA.id, localPart: 'j.doe', action: 'deliver', target: 'joe' }),
      yes,
    );
    await update(`J.Doe@${domainA.name.toUpperCase()}`);
    expect(await db().account.findUniqueOrThrow({ where: { id: joe.id }, select: { loginAddress: true, legacyLogin: true } })).toEqual({
      loginAddress: `j.doe@${domainA.name}`,
      legacyLogin: null,
    });
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: 'account.update', targetId: joe.id },
      orderBy: { at: 'desc' },
    });
    expect(audit.details).toMatchObject({ login: `j.doe@${domainA.name}` });
  });
});

describe("a forward to another customer's domain on this host", () => {
  it('is shown to its author as what it is: mail that never leaves the host', async () => {
    const { createAlias } = await import('../lib/data/aliases');
    const { AliasInput } = await import('../lib/validation/mail-objects');
    const input = AliasInput.parse({ name: 'to-partner', targets: `friend@${world.domainB.name}`, mailHostId: world.host.id });
    const review = await createAlias(world.customerA.actor, input, no).catch((e: unknown) => e);
    expect(review).toBeInstanceOf(NeedsConfirmation);
    expect((review as NeedsConfirmation).warnings).toContainEqual(
      `friend@${world.domainB.name} is at a domain this mail host holds for someone else: mail forwarded there never leaves the host and goes where that domain's owner sends it.`,
    );
    // Saved, its route says so too (and only to its author, on its own domain).
    await createAlias(world.customerA.actor, input, yes);
    const trace = await traceForActor(world.customerA.actor, `to-partner@${world.domainA.name}`);
    expect(trace.deliveries).toEqual([{ kind: 'external', address: `friend@${world.domainB.name}`, onHost: true }]);
    // A forward elsewhere says nothing of the kind.
    const elsewhere = await createAlias(
      world.customerA.actor,
      AliasInput.parse({ name: 'to-far', targets: 'friend@far-away.example', mailHostId: world.host.id }),
      no,
    ).catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(NeedsConfirmation);
    expect(JSON.stringify(elsewhere)).toContain('far-away.example'); // the review of this forward
    expect(JSON.stringify(elsewhere)).not.toContain('never leaves the host');
  });
});

describe('forwards to the mail host itself', () => {
  it("are refused: the host's own names would answer there, past every domain's rules", async () => {
    const { createAlias } = await import('../lib/data/aliases');
    const { AliasInput } = await import('../lib/validation/mail-objects');
    const toHost = await createAlias(
      world.customerA.actor,
      AliasInput.parse({ name: 'to-host', targets: 'someone@localhost.localdomain', mailHostId: world.host.id }),
      yes,
    ).catch((e: unknown) => e);
    expect(toHost).toBeInstanceOf(DomainError);
    expect((toHost as DomainError).message).toContain('Mail cannot be forwarded to an address at localhost.localdomain');
    const redirect = await createVirtmap(
      world.customerA.actor,
      VirtmapInput.parse({ domainId: world.domainA.id, localPart: 'lp', action: 'deliver', target: '%1@printer.local' }),
      yes,
    ).catch((e: unknown) => e);
    expect((redirect as DomainError).message).toContain('printer.local');
  });
});
