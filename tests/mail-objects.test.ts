// Accounts, aliases and virtmaps through the data layer: the review step (refusals, warnings, route
// changes shown before anything is saved), limits, and tenancy.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createAccount, deleteAccount, updateAccount } from '../lib/data/accounts';
import { createAlias, deleteAlias, updateAliasTargets } from '../lib/data/aliases';
import { DomainError, NeedsConfirmation, NotFoundError } from '../lib/data/errors';
import { traceForActor } from '../lib/data/routes';
import { createVirtmap, deleteVirtmap, listVirtmaps, updateVirtmap } from '../lib/data/virtmaps';
import { readHostSnapshot } from '../lib/data/snapshots';
import { AccountInput } from '../lib/validation/accounts';
import { AliasInput, VirtmapInput } from '../lib/validation/mail-objects';
import { createMailHost } from '../lib/data/mail-hosts';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff, unique } from './support/factories';
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
  const other = await makeReseller(admin, [host.id]);
  const otherCustomer = await makeCustomer(other.actor);
  const otherDomain = await makeDomain(other.actor, otherCustomer.id, host.id);
  return { admin, host, reseller, customer, domain, other, otherCustomer, otherDomain };
}

// Every test gets tenants of its own and makes the mail objects it reads (names are private to a customer,
// so each test's joe.smith is its own), so any test runs alone or in any order.
beforeEach(async () => {
  world = await setup();
});

/** This customer's joe.smith: an account with an address on the domain. */
const withJoe = () => createAccount(world.customer.actor, account('joe.smith'), yes);

/** joe.smith, temp and sales (accounts with addresses) and the alias sales -> joe.smith, which takes sales's mail. */
async function withMailboxes() {
  const actor = world.customer.actor;
  for (const name of ['joe.smith', 'temp', 'sales']) await createAccount(actor, account(name), yes);
  await createAlias(actor, AliasInput.parse({ name: 'sales', targets: 'joe.smith', mailHostId: world.host.id }), yes);
}

/** A team@ virtmap to joe.smith, sales and an outside address, through the alias team-list. */
const withTeam = () =>
  createVirtmap(
    world.customer.actor,
    VirtmapInput.parse({
      domainId: world.domain.id,
      localPart: 'team',
      action: 'deliver',
      target: 'joe.smith, sales, boss@example.net',
      aliasName: 'team-list',
    }),
    yes,
  );

const mine = (name: string) => ({ name, customerId: world.customer.id });

async function pending(promise: Promise<unknown>): Promise<NeedsConfirmation> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NeedsConfirmation);
  return error as NeedsConfirmation;
}

const account = (name: string, extra: Record<string, unknown> = {}) =>
  AccountInput.parse({
    name,
    password: 'a good long password',
    quotaMb: '100',
    mailHostId: world.host.id,
    addressDomainId: world.domain.id,
    ...extra,
  });

describe('accounts', () => {
  it('creates an account with its address after showing that the address starts delivering', async () => {
    const actor = world.customer.actor;
    const review = await pending(createAccount(actor, account('Joe.Smith'), no));
    expect(review.changes).toContainEqual(
      expect.objectContaining({ address: `joe.smith@${world.domain.name}`, after: 'Delivered to the account joe.smith.' }),
    );
    expect(await db().account.count({ where: mine('joe.smith') })).toBe(0);

    await createAccount(actor, account('Joe.Smith'), yes);
    const row = await db().account.findFirstOrThrow({ where: mine('joe.smith') });
    expect(row.passwordHash).toMatch(/^\{ARGON2ID\}\$argon2id\$/);
    expect(await db().virtmap.count({ where: { domainId: world.domain.id, localPart: 'joe.smith', targetValue: 'joe.smith' } })).toBe(1);
    const trace = await traceForActor(actor, `Joe.Smith@${world.domain.name.toUpperCase()}`);
    expect(trace.deliveries).toEqual([{ kind: 'account', name: 'joe.smith' }]);
  });

  it('refuses a taken name, a reserved name and a bad password with clear messages', async () => {
    await withJoe();
    await expect(createAccount(world.customer.actor, account('joe.smith', { addressDomainId: '' }), yes)).rejects.toThrow(
      /You have an account named joe.smith on .* already/,
    );
    expect(
      AccountInput.safeParse({ name: 'postmaster', password: 'a good long password', quotaMb: '1' }).error?.issues[0]?.message,
    ).toMatch(/reserved/);
    expect(AccountInput.safeParse({ name: 'joe\nroot: |/bin/sh', password: 'a good long password', quotaMb: '1' }).success).toBe(false);
    expect(AccountInput.safeParse({ name: 'ann', password: 'short', quotaMb: '1' }).error?.issues[0]?.message).toMatch(/at least 10/);
    expect(AccountInput.safeParse({ name: 'annabel', password: 'my annabel secret', quotaMb: '1' }).error?.issues[0]?.message).toMatch(
      /account name/,
    );
  });

  it("refuses a quota over the customer's total", async () => {
    const small = await makeCustomer(world.reseller.actor, { maxQuotaMb: 150 });
    await makeDomain(world.reseller.actor, small.id, world.host.id);
    const error = await createAccount(small.actor, account('big', { quotaMb: '200', addressDomainId: '' }), yes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).fieldErrors.quotaMb?.[0]).toMatch(/At most 150 MiB more/);
  });

  it('updates quota and password, and deletes only after showing what stops working', async () => {
    const actor = world.customer.actor;
    await createAccount(actor, account('temp'), yes);
    const row = await db().account.findFirstOrThrow({ where: mine('temp') });
    await updateAccount(actor, row.id, { quotaMb: 50, enabled: true, password: 'another long password' }, no);
    const updated = await db().account.findUniqueOrThrow({ where: { id: row.id } });
    expect(updated.quotaMb).toBe(50);
    expect(updated.passwordHash).not.toBe(row.passwordHash);
    // Disabled: its address keeps delivering (nothing bounces), but the account is marked for Dovecot.
    await updateAccount(actor, row.id, { quotaMb: 50, enabled: false }, no);
    expect((await traceForActor(actor, `temp@${world.domain.name}`)).deliveries).toEqual([{ kind: 'account', name: 'temp' }]);
    expect((await readHostSnapshot(world.host.id)).accounts.find((a) => a.name === 'temp')).toMatchObject({ loginDisabled: true });
    await updateAccount(actor, row.id, { quotaMb: 50, enabled: true }, no);
    // The address temp@domain points at the account only: it goes with it, in the same reviewed step.
    await deleteAccount(actor, row.id, yes);
    expect(await db().account.count({ where: { id: row.id } })).toBe(0);
    expect(await db().virtmap.count({ where: { domainId: world.domain.id, localPart: 'temp' } })).toBe(0);
  });
});

describe('aliases', () => {
  it("warns before an alias takes an account's mail, and saves once confirmed", async () => {
    const actor = world.customer.actor;
    await withJoe();
    await createAccount(actor, account('sales'), yes);
    const input = AliasInput.parse({ name: 'sales', targets: 'joe.smith', mailHostId: world.host.id });
    const review = await pending(createAlias(actor, input, no));
    expect(review.warnings).toEqual([expect.stringContaining('Mail to sales will go to the alias sales, not to the account sales')]);
    expect(review.changes).toContainEqual(
      expect.objectContaining({ address: `sales@${world.domain.name}`, after: 'Delivered to the account joe.smith.' }),
    );
    await createAlias(actor, input, yes);
    const trace = await traceForActor(actor, `sales@${world.domain.name}`);
    expect(trace.deliveries).toEqual([{ kind: 'account', name: 'joe.smith' }]);
  });

  it("refuses a loop, a target that does not exist, and another customer's name", async () => {
    const actor = world.customer.actor;
    await withJoe();
    await createAlias(actor, AliasInput.parse({ name: 'loop-a', targets: 'joe.smith', mailHostId: world.host.id }), yes);
    await createAlias(actor, AliasInput.parse({ name: 'loop-b', targets: 'loop-a', mailHostId: world.host.id }), yes);
    const aliasA = await db().alias.findFirstOrThrow({ where: mine('loop-a') });
    await expect(updateAliasTargets(actor, aliasA.id, [{ kind: 'local', name: 'loop-b' }], yes)).rejects.toThrow(DomainError);
    await expect(
      createAlias(actor, AliasInput.parse({ name: 'ghost', targets: 'nobody-here', mailHostId: world.host.id }), yes),
    ).rejects.toThrow(/no account or alias nobody-here/);
    await createAccount(
      world.otherCustomer.actor,
      AccountInput.parse({ name: 'theirs', password: 'a good long password', quotaMb: '1', mailHostId: world.host.id }),
      yes,
    );
    await expect(
      createAlias(actor, AliasInput.parse({ name: 'steal', targets: 'theirs', mailHostId: world.host.id }), yes),
    ).rejects.toThrow(/no account or alias theirs of yours/);
  });

  it('delivers to an account with its own +detail, refuses a +detail on an alias, and trims it with the account', async () => {
    const actor = world.customer.actor;
    await withMailboxes();
    const alias = (name: string, targets: string) => AliasInput.parse({ name, targets, mailHostId: world.host.id });
    await createAlias(actor, alias('lists', 'temp+Lists, joe.smith'), yes);
    expect((await traceForActor(actor, `lists@${world.domain.name}`)).deliveries).toEqual([
      { kind: 'account', name: 'temp', detail: 'lists' },
      { kind: 'account', name: 'joe.smith' },
    ]);
    expect((await readHostSnapshot(world.host.id)).aliases.find((a) => a.name === 'lists')?.targets).toContainEqual({
      kind: 'local',
      name: 'temp',
      detail: 'lists',
    });
    // sales is an alias, which drops a detail: refused with the reason, nothing saved.
    const error = await createAlias(actor, alias('via-sales', 'sales+x'), yes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(
      Object.values((error as DomainError).fieldErrors)
        .flat()
        .join(' '),
    ).toContain('a detail is for an account');
    expect(await db().alias.count({ where: mine('via-sales') })).toBe(0);
    // Deleting temp takes temp+lists out of the alias, as it would take temp.
    const temp = await db().account.findFirstOrThrow({ where: mine('temp') });
    await deleteAccount(actor, temp.id, yes);
    expect((await traceForActor(actor, `lists@${world.domain.name}`)).deliveries).toEqual([{ kind: 'account', name: 'joe.smith' }]);
  });
});

describe('virtmaps', () => {
  it('shows which accounts a catch-all takes, and can give them addresses of their own', async () => {
    const actor = world.customer.actor;
    await withMailboxes();
    const domain = await makeDomain(world.reseller.actor, world.customer.id, world.host.id);
    const input = VirtmapInput.parse({ domainId: domain.id, localPart: '', action: 'deliver', target: 'joe.smith' });
    const review = await pending(createVirtmap(actor, input, no));
    expect(review.warnings).toEqual([expect.stringMatching(new RegExp(`The catch-all @${domain.name} will take mail for .*temp`))]);
    expect(review.changes).toContainEqual({
      address: `temp@${domain.name}`,
      before: 'Delivered to the account temp.',
      after: 'Delivered to the account joe.smith.',
    });
    await createVirtmap(
      actor,
      VirtmapInput.parse({ domainId: domain.id, localPart: '', action: 'deliver', target: 'joe.smith', protectAccounts: 'on' }),
      yes,
    );
    const keys = (await db().virtmap.findMany({ where: { domainId: domain.id }, select: { localPart: true } }))
      .map((v) => v.localPart)
      .sort();
    expect(keys).toEqual(['', 'joe.smith', 'sales', 'temp']);
    expect((await traceForActor(actor, `nobody@${domain.name}`)).deliveries).toEqual([{ kind: 'account', name: 'joe.smith' }]);
  });

  it('rejects with the chosen SMTP reply, and turns several targets into an alias plus the virtmap', async () => {
    const actor = world.customer.actor;
    await withMailboxes();
    await createVirtmap(
      actor,
      VirtmapInput.parse({
        domainId: world.domain.id,
        localPart: 'gone',
        action: 'reject',
        rejectCode: 'unknown',
        rejectText: 'No such user here',
      }),
      yes,
    );
    const trace = await traceForActor(actor, `gone@${world.domain.name}`);
    expect(trace.rcpt).toEqual({ accepted: false, reply: expect.objectContaining({ code: 550, status: '5.1.1' }) });
    await withTeam();
    const team = await traceForActor(actor, `team@${world.domain.name}`);
    expect(team.deliveries).toEqual(
      expect.arrayContaining([
        { kind: 'account', name: 'joe.smith' },
        { kind: 'external', address: 'boss@example.net' },
      ]),
    );
    expect(await db().alias.count({ where: mine('team-list') })).toBe(1);
  });

  it('rejects with another status and reply code, shows it back for editing, and refuses one that is not a rejection', async () => {
    const actor = world.customer.actor;
    const input = (rejectStatus: string) =>
      VirtmapInput.safeParse({
        domainId: world.domain.id,
        localPart: 'policy',
        action: 'reject',
        rejectCode: 'other',
        rejectStatus,
        rejectText: 'Not accepted here',
      });
    const bad = input('5.7.1:450');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['rejectStatus'], message: expect.stringContaining('same class') });
    const good = input('5.7.1:550');
    if (!good.success) throw good.error;
    await createVirtmap(actor, good.data, yes);
    const trace = await traceForActor(actor, `policy@${world.domain.name}`);
    expect(trace.rcpt).toEqual({ accepted: false, reply: { code: 550, status: '5.7.1', text: 'Not accepted here' } });
    const row = await db().virtmap.findFirstOrThrow({ where: { domainId: world.domain.id, localPart: 'policy' } });
    expect(row).toMatchObject({ rejectCode: 'STATUS', rejectStatus: '5.7.1:550' });
    const listed = (await listVirtmaps(actor, world.domain.id)).find((v) => v.localPart === 'policy');
    expect(listed).toMatchObject({ target: 'error:5.7.1:550 Not accepted here', edit: { rejectCode: 'other', rejectStatus: '5.7.1:550' } });
    // The database refuses a code the rules refuse, whoever writes it.
    await expect(db().virtmap.update({ where: { id: row.id }, data: { rejectStatus: '4.2.1:421' } })).rejects.toThrow();
  });

  it("keeps a copy and throws one away with an alias's /dev/null, and stores it as the discard it is", async () => {
    const actor = world.customer.actor;
    await withJoe();
    await createAlias(actor, AliasInput.parse({ name: 'quiet', targets: 'joe.smith\n/dev/null', mailHostId: world.host.id }), yes);
    await createVirtmap(
      actor,
      VirtmapInput.parse({ domainId: world.domain.id, localPart: 'quiet', action: 'deliver', target: 'quiet' }),
      yes,
    );
    const trace = await traceForActor(actor, `quiet@${world.domain.name}`);
    expect(trace.deliveries).toEqual([{ kind: 'account', name: 'joe.smith' }, { kind: 'discard' }]);
    const alias = await db().alias.findFirstOrThrow({ where: mine('quiet'), select: { targets: { select: { kind: true, value: true } } } });
    expect(alias.targets).toContainEqual({ kind: 'DISCARD', value: '/dev/null' });
    // A virtmap cannot discard: sendmail refuses a file in virtusertable.
    const refused = VirtmapInput.safeParse({ domainId: world.domain.id, localPart: 'void', action: 'deliver', target: '/dev/null' });
    expect(refused.error?.issues[0]?.message).toContain('is for aliases');
  });

  it("takes sendmail's wildcard keys on a sendmail host and routes +details with them; a Postfix host refuses them", async () => {
    const actor = world.customer.actor;
    const d = world.domain.name;
    await withMailboxes();
    const key = (localPart: string, target: string, domainId = world.domain.id) =>
      VirtmapInput.parse({ domainId, localPart, action: 'deliver', target });
    await createVirtmap(actor, key('Joe.Smith+*', 'sales'), yes);
    await createVirtmap(actor, key('++', 'temp'), yes);
    expect((await traceForActor(actor, `joe.smith+news@${d}`)).deliveries).toEqual([{ kind: 'account', name: 'joe.smith' }]);
    expect((await traceForActor(actor, `joe.smith+@${d}`)).steps).toContainEqual(expect.objectContaining({ key: `joe.smith+*@${d}` }));
    expect((await traceForActor(actor, `stranger+x@${d}`)).steps).toContainEqual(expect.objectContaining({ key: `++@${d}` }));
    // The address without a detail is not taken by the wildcard keys.
    expect((await traceForActor(actor, `joe.smith@${d}`)).steps).not.toContainEqual(expect.objectContaining({ key: `joe.smith+*@${d}` }));
    expect((await listVirtmaps(actor, world.domain.id)).map((v) => v.localPart)).toEqual(expect.arrayContaining(['++', 'joe.smith+*']));

    const postfix = await createMailHost(world.admin, {
      name: unique('pfx'),
      flavor: 'POSTFIX',
      transport: 'LOCAL',
      mapDir: '/tmp/maps',
      sshPort: 22,
    });
    const reseller = await makeReseller(world.admin, [postfix.id]);
    const customer = await makeCustomer(reseller.actor);
    const domain = await makeDomain(reseller.actor, customer.id, postfix.id);
    const error = await createVirtmap(customer.actor, key('+*', '%1', domain.id), yes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as Error).message).toContain('runs Postfix, which has no wildcard keys');
    expect(await db().virtmap.count({ where: { domainId: domain.id } })).toBe(0);
  });

  it('passes the +detail on with %3, delivers to a name with its own +detail, and shows both in the review', async () => {
    const actor = world.customer.actor;
    const d = world.domain.name;
    await withMailboxes();
    const key = (localPart: string, target: string) =>
      VirtmapInput.parse({ domainId: world.domain.id, localPart, action: 'deliver', target });
    await createVirtmap(actor, key('help', 'temp'), yes);
    const row = await db().virtmap.findFirstOrThrow({ where: { domainId: world.domain.id, localPart: 'help' } });
    // The review of "temp%3" asks the address with a +detail too: that is where it changes.
    const review = await pending(updateVirtmap(actor, row.id, key('help', 'temp%3'), no));
    expect(review.changes).toEqual([
      { address: `help+detail@${d}`, before: 'Delivered to the account temp.', after: 'Delivered to the account temp (+detail).' },
    ]);
    await updateVirtmap(actor, row.id, key('help', 'temp%3'), yes);
    expect((await traceForActor(actor, `help+Urgent@${d}`)).deliveries).toEqual([{ kind: 'account', name: 'temp', detail: 'urgent' }]);
    expect((await traceForActor(actor, `help@${d}`)).deliveries).toEqual([{ kind: 'account', name: 'temp' }]);
    await createVirtmap(actor, key('news', 'joe.smith+News'), yes);
    expect((await traceForActor(actor, `news@${d}`)).deliveries).toEqual([{ kind: 'account', name: 'joe.smith', detail: 'news' }]);
    const listed = await listVirtmaps(actor, world.domain.id);
    expect(listed.find((v) => v.localPart === 'news')?.target).toBe('joe.smith+news');
    expect(listed.find((v) => v.localPart === 'help')?.target).toBe('temp%3');
    // On a key with its own +detail the match is exact, and %3 would pass nothing on: refused, nothing saved.
    const error = await createVirtmap(actor, key('help+x', 'temp%3'), yes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as Error).message).toContain('leave "%3" out');
    expect(await db().virtmap.count({ where: { domainId: world.domain.id, localPart: 'help+x' } })).toBe(0);
  });

  it('refuses a virtmap that leads nowhere (an address of the domain that no one takes)', async () => {
    const actor = world.customer.actor;
    const d = world.domain.name;
    const error = await createVirtmap(
      actor,
      VirtmapInput.parse({ domainId: world.domain.id, localPart: 'ping', action: 'deliver', target: `pong@${d}` }),
      yes,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as Error).message).toContain('neither an account nor an alias');
    expect(await db().virtmap.count({ where: { domainId: world.domain.id, localPart: 'ping' } })).toBe(0);
  });

  it('changes where a virtmap sends mail, after showing the new route', async () => {
    const actor = world.customer.actor;
    await withJoe();
    await createVirtmap(
      actor,
      VirtmapInput.parse({ domainId: world.domain.id, localPart: 'help', action: 'deliver', target: 'joe.smith' }),
      yes,
    );
    const row = await db().virtmap.findFirstOrThrow({ where: { domainId: world.domain.id, localPart: 'help' } });
    const input = VirtmapInput.parse({ domainId: world.domain.id, localPart: 'help', action: 'deliver', target: 'desk@example.net' });
    const review = await pending(updateVirtmap(actor, row.id, input, no));
    expect(review.changes).toEqual([
      { address: `help@${world.domain.name}`, before: 'Delivered to the account joe.smith.', after: 'Relayed to desk@example.net.' },
    ]);
    await updateVirtmap(actor, row.id, input, yes);
    expect((await traceForActor(actor, `help@${world.domain.name}`)).deliveries).toEqual([
      { kind: 'external', address: 'desk@example.net' },
    ]);
  });

  it('deletes only after showing what changes', async () => {
    const actor = world.customer.actor;
    await withMailboxes();
    await withTeam();
    const row = await db().virtmap.findFirstOrThrow({ where: { domainId: world.domain.id, localPart: 'team' } });
    const review = await pending(deleteVirtmap(actor, row.id, no));
    expect(review.changes).toContainEqual({
      address: `team@${world.domain.name}`,
      before: expect.stringContaining('joe.smith'),
      after: 'Refused at RCPT: 550 5.1.1 User unknown',
    });
    await deleteVirtmap(actor, row.id, yes);
    expect(await db().virtmap.count({ where: { id: row.id } })).toBe(0);
  });
});

describe('another tenant', () => {
  it("has names of its own: the same name is free for it, and never reached from this customer's domains", async () => {
    const actor = world.customer.actor;
    const other = world.otherCustomer.actor;
    await withJoe();
    // Names are private to a customer (docs/tenancy.md): the other customer may have joe.smith too.
    await createAccount(other, account('joe.smith', { mailHostId: world.host.id, addressDomainId: world.otherDomain.id }), yes);
    expect(
      await db().account.count({ where: { name: 'joe.smith', customerId: { in: [world.customer.id, world.otherCustomer.id] } } }),
    ).toBe(2);
    expect((await traceForActor(other, `joe.smith@${world.otherDomain.name}`)).deliveries).toEqual([
      { kind: 'account', name: 'joe.smith' },
    ]);
    expect((await traceForActor(actor, `joe.smith@${world.domain.name}`)).deliveries).toEqual([{ kind: 'account', name: 'joe.smith' }]);

    // `@domain → %1` passes a local part to this customer's own names only.
    const domain = await makeDomain(world.reseller.actor, world.customer.id, world.host.id);
    await createVirtmap(actor, VirtmapInput.parse({ domainId: domain.id, localPart: '', action: 'deliver', target: '%1' }), yes);
    await createAlias(other, AliasInput.parse({ name: 'board', targets: 'secret-partner@hidden.example', mailHostId: world.host.id }), yes);
    const theirs = await traceForActor(actor, `board@${domain.name}`);
    const nobody = await traceForActor(actor, `nobody-at-all@${domain.name}`);
    expect(theirs.rcpt).toEqual(nobody.rcpt);
    expect(theirs.rcpt).toMatchObject({ accepted: false, reply: { code: 550, status: '5.1.1' } });
    // The whole trace, not only its verdict, is the one of a name nobody has.
    const asNobody = (t: typeof theirs, localPart: string) => JSON.stringify(t).replaceAll(localPart, '<local>');
    expect(asNobody(theirs, 'board')).toEqual(asNobody(nobody, 'nobody-at-all'));
    // Where the alias is reached, its trace does name the target: absent above because it was not reached.
    await createVirtmap(other, VirtmapInput.parse({ domainId: world.otherDomain.id, localPart: '', action: 'deliver', target: '%1' }), yes);
    expect(JSON.stringify(await traceForActor(other, `board@${world.otherDomain.name}`))).toContain('hidden.example');
    expect(JSON.stringify(theirs)).not.toContain('hidden.example');
  });

  it('answers a "%" route into another customer\'s domain as for a domain nobody holds', async () => {
    const actor = world.customer.actor;
    const other = world.otherCustomer.actor;
    await withJoe();
    await createAccount(other, account('joe.smith', { addressDomainId: world.otherDomain.id }), yes);
    // The other customer's own route to its joe.smith delivers to the account; this customer's "%" route does not.
    const direct = await traceForActor(other, `joe.smith%${world.otherDomain.name}@${world.otherDomain.name}`);
    expect(direct.deliveries).toEqual([{ kind: 'account', name: 'joe.smith' }]);
    expect(JSON.stringify(direct)).toContain('joe.smith is an account: delivered to its mailbox.');
    const viaTheirs = await traceForActor(actor, `joe.smith%${world.otherDomain.name}@${world.domain.name}`);
    const viaNobody = await traceForActor(actor, `joe.smith%nobody-holds-this.example@${world.domain.name}`);
    const words = (t: typeof viaTheirs) =>
      JSON.stringify({ rcpt: t.rcpt, deliveries: t.deliveries.length, steps: t.steps.map((s) => s.kind) });
    expect(words(viaTheirs)).toEqual(words(viaNobody));
    expect(viaTheirs.deliveries).toEqual([{ kind: 'external', address: `joe.smith@${world.otherDomain.name}` }]);
    expect(JSON.stringify(viaTheirs)).not.toContain('is an account: delivered to its mailbox');
  });

  it('does not block a customer from deleting its own account that another customer points at', async () => {
    const actor = world.customer.actor;
    await createAccount(actor, account('shared-desk', { addressDomainId: '' }), yes);
    const other = world.otherCustomer.actor;
    await createAlias(
      other,
      AliasInput.parse({ name: 'to-desk', targets: `shared-desk@${world.domain.name}`, mailHostId: world.host.id }),
      yes,
    );
    const row = await db().account.findFirstOrThrow({ where: mine('shared-desk') });
    await deleteAccount(actor, row.id, yes);
    expect(await db().account.count({ where: { id: row.id } })).toBe(0);
  });

  it("cannot trace, read or change this customer's mail objects", async () => {
    const intruder = world.other.actor;
    await withMailboxes();
    await expect(traceForActor(intruder, `joe.smith@${world.domain.name}`)).rejects.toThrow(NotFoundError);
    const alias = await db().alias.findFirstOrThrow({ where: mine('sales') });
    const acct = await db().account.findFirstOrThrow({ where: mine('joe.smith') });
    await expect(updateAliasTargets(intruder, alias.id, [{ kind: 'external', address: 'thief@example.net' }], yes)).rejects.toThrow(
      NotFoundError,
    );
    await expect(deleteAlias(intruder, alias.id, yes)).rejects.toThrow(NotFoundError);
    await expect(updateAccount(intruder, acct.id, { quotaMb: 1, enabled: false }, yes)).rejects.toThrow(NotFoundError);
    await expect(
      createVirtmap(
        intruder,
        VirtmapInput.parse({ domainId: world.domain.id, localPart: 'x', action: 'deliver', target: 'thief@example.net' }),
        yes,
      ),
    ).rejects.toThrow(NotFoundError);
    expect((await db().account.findUniqueOrThrow({ where: { id: acct.id } })).enabled).toBe(true);
  });
});
