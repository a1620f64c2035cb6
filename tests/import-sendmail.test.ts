// Importing a legacy sendmail host through the data layer (lib/data/import-sendmail.ts) against a real
// PostgreSQL: the dry run writes nothing and says what apply would do; apply creates everything in one
// transaction with one audit entry and marks the host for sync; addresses then route as on the old host;
// a conflict refuses the whole import; a reseller imports only into its own hosts and customers.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { DomainError, NotFoundError } from '../lib/data/errors';
import { importSendmailHost, type SendmailImportRequest } from '../lib/data/import-sendmail';
import { readHostSnapshot } from '../lib/data/snapshots';
import { importedAccountColumns } from '../lib/data/import-write';
import type { Actor } from '../lib/auth/actor';
import { planImport } from '../lib/mail/import-plan';
import { hostOrder, snapshotAfterImport } from '../lib/mail/import-snapshot';
import type { LegacyHost, LegacyTarget } from '../lib/mail/legacy-host';
import { traceAddress } from '../lib/mail/resolve';
import { hostView } from '../lib/mail/tenancy';
import { createMailHost } from '../lib/data/mail-hosts';
import { makeCustomer, makeHost, makeReseller, makeStaff, unique } from './support/factories';
import { LEGACY_PASSWORDS } from './support/legacy-hosts';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const name = (n: string): LegacyTarget => ({ kind: 'name', name: n });

function legacyHost(suffix: string): LegacyHost {
  const a = `a-${suffix}.example`;
  const b = `b-${suffix}.example`;
  let line = 0;
  const user = (n: string, passwordField: string) => ({
    file: 'passwd',
    line: ++line,
    name: n,
    uid: 1000 + line,
    gid: 100,
    home: `/home/${n}`,
    shell: '/bin/false',
    passwordField,
    passwordFrom: 'shadow' as const,
  });
  return {
    domains: [a, b],
    users: [user(`joe${suffix}`, LEGACY_PASSWORDS.tidy.hash), user(`ann${suffix}`, '!'), user(`kim${suffix}`, '')],
    aliases: [
      {
        file: 'aliases',
        line: 1,
        lineEnd: 2,
        name: 'sales',
        targets: [name(`joe${suffix}`), name(`ann${suffix}`), { kind: 'address', address: 'boss@elsewhere.example' }],
      },
    ],
    virtmaps: [
      { file: 'virtusertable', line: 1, domain: a, localPart: 'info', target: name('sales') },
      { file: 'virtusertable', line: 2, domain: a, localPart: 'old', target: { kind: 'reject', code: 'nouser', text: 'Gone' } },
      { file: 'virtusertable', line: 3, domain: b, localPart: '', target: { kind: 'template', value: `%1@${a}` } },
      { file: 'virtusertable', line: 4, domain: a, localPart: 'prog', target: { kind: 'discard' } },
    ],
    keptOut: [{ file: 'aliases', line: 9, key: 'procmail', reason: 'Program target "|/usr/bin/procmail" is not modelled by the panel.' }],
  };
}

let admin: Awaited<ReturnType<typeof makeStaff>>;
beforeAll(async () => {
  admin = await makeStaff('ADMIN');
});

const request = (legacy: LegacyHost, over: Partial<SendmailImportRequest>): SendmailImportRequest => ({
  legacy,
  host: { name: 'unset' },
  customer: { name: 'unset' },
  dryRun: false,
  source: 'test',
  ...over,
});

describe('an operator imports a host into a new customer', () => {
  it('dry-runs without writing, then applies all of it, audited once, and mail routes as before', async () => {
    const host = await makeHost(admin);
    const s = unique('');
    const legacy = legacyHost(s);
    const customer = `Old host ${s}`;
    const dry = await importSendmailHost(
      admin,
      request(legacy, { host: { name: host.name }, customer: { name: customer, create: true }, dryRun: true }),
    );
    expect(dry).toMatchObject({ dryRun: true, applied: false, conflicts: [], problems: [] });
    expect(dry.created).toMatchObject({ domains: 2, accounts: 3, aliases: 1, virtmaps: 5, customers: [customer] });
    expect(dry.keptOut.map((k) => `${k.file}:${k.line} ${k.key}`)).toEqual(['aliases:9 procmail', `virtusertable:4 prog@a-${s}.example`]);
    expect(dry.noLogin.map((n) => n.name)).toEqual([`ann${s}`, `kim${s}`]);
    expect(await db().customer.count({ where: { name: customer } })).toBe(0);
    expect(await db().domain.count({ where: { name: { in: legacy.domains } } })).toBe(0);

    const seq = (await db().mailHost.findUniqueOrThrow({ where: { id: host.id } })).changeSeq;
    const done = await importSendmailHost(
      admin,
      request(legacy, { host: { name: host.name }, customer: { name: customer, create: true } }),
    );
    expect(done.applied).toBe(true);
    const created = await db().customer.findFirstOrThrow({ where: { name: customer }, include: { reseller: true } });
    expect(created.reseller.name).toBe('imported');
    expect(await db().auditEvent.count({ where: { action: 'import.sendmail', targetId: host.id } })).toBe(1);
    expect((await db().mailHost.findUniqueOrThrow({ where: { id: host.id } })).changeSeq).toBeGreaterThan(seq);
    const joe = await db().account.findFirstOrThrow({ where: { customerId: created.id, name: `joe${s}` } });
    expect(joe).toMatchObject({
      mailbox: `joe${s}`,
      legacyLogin: `joe${s}`,
      passwordHash: `{SHA512-CRYPT}${LEGACY_PASSWORDS.tidy.hash}`,
    });

    const snapshot = await readHostSnapshot(host.id);
    const view = hostView(snapshot);
    const mailboxOf = new Map(view.accounts.map((acc) => [acc.name, acc.mailbox ?? acc.name]));
    const delivered = (address: string) =>
      traceAddress(snapshot, address)
        .deliveries.map((d) => (d.kind === 'account' ? mailboxOf.get(d.name) : d.kind === 'external' ? d.address : d.kind))
        .sort();
    expect(delivered(`info@a-${s}.example`)).toEqual([`ann${s}`, 'boss@elsewhere.example', `joe${s}`]);
    expect(delivered(`info@b-${s}.example`)).toEqual([`ann${s}`, 'boss@elsewhere.example', `joe${s}`]);
    expect(delivered(`kim${s}@a-${s}.example`)).toEqual([`kim${s}`]);
    expect(traceAddress(snapshot, `old@a-${s}.example`).rcpt).toMatchObject({ accepted: false, reply: { code: 553 } });
  });

  it('refuses the whole import when something conflicts, and writes nothing', async () => {
    const host = await makeHost(admin);
    const s = unique('');
    const legacy = legacyHost(s);
    await importSendmailHost(admin, request(legacy, { host: { name: host.name }, customer: { name: `First ${s}`, create: true } }));
    const again = await importSendmailHost(
      admin,
      request(legacy, { host: { name: host.name }, customer: { name: `Second ${s}`, create: true }, dryRun: true }),
    );
    expect(again.conflicts.map((c) => c.reason)).toEqual(
      expect.arrayContaining(['This domain is on the panel already.', `The mailbox directory "joe${s}" is taken on this host.`]),
    );
    await expect(
      importSendmailHost(admin, request(legacy, { host: { name: host.name }, customer: { name: `Second ${s}`, create: true } })),
    ).rejects.toThrow(DomainError);
    expect(await db().customer.count({ where: { name: `Second ${s}` } })).toBe(0);
  });
});

describe('an import into a Postfix host', () => {
  it("keeps sendmail's wildcard keys out with the reason, and imports the rest", async () => {
    const host = await createMailHost(admin, {
      name: unique('pfx'),
      flavor: 'POSTFIX',
      transport: 'LOCAL',
      mapDir: '/tmp/maps',
      sshPort: 22,
    });
    const s = unique('');
    const legacy = legacyHost(s);
    const a = legacy.domains[0]!;
    legacy.virtmaps.push({ file: 'virtusertable', line: 5, domain: a, localPart: `joe${s}+*`, target: name(`joe${s}`) });
    const report = await importSendmailHost(
      admin,
      request(legacy, { host: { name: host.name }, customer: { name: `Pfx ${s}`, create: true } }),
    );
    expect(report.applied).toBe(true);
    expect(report.keptOut).toContainEqual(
      expect.objectContaining({ line: 5, key: `joe${s}+*@${a}`, reason: expect.stringContaining('runs Postfix') }),
    );
    expect(await db().virtmap.count({ where: { domain: { name: a }, localPart: `joe${s}+*` } })).toBe(0);
    expect(await db().virtmap.count({ where: { domain: { name: a }, localPart: 'info' } })).toBe(1);
  });
});

describe('a reseller imports', () => {
  it('into its own customer on its own host; the domains wait for proof of ownership', async () => {
    const host = await makeHost(admin);
    const reseller = await makeReseller(admin, [host.id], { maxDomains: 10, maxAccounts: 10, maxAliases: 10, maxVirtmaps: 10 });
    const customer = await makeCustomer(reseller.actor);
    const s = unique('');
    const report = await importSendmailHost(
      reseller.actor,
      request(legacyHost(s), { host: { name: host.name }, customer: { name: customer.name } }),
    );
    expect(report).toMatchObject({ applied: true, awaitingProof: 2 });
    expect(await db().domain.count({ where: { customerId: customer.id, verifiedAt: null } })).toBe(2);
  });

  it('never into another reseller’s host or customer', async () => {
    const host = await makeHost(admin);
    const mine = await makeReseller(admin, [host.id]);
    const other = await makeReseller(admin, []);
    const theirs = await makeCustomer(mine.actor);
    const s = unique('');
    await expect(
      importSendmailHost(other.actor, request(legacyHost(s), { host: { name: host.name }, customer: { name: theirs.name } })),
    ).rejects.toThrow(NotFoundError);
    const own = await makeReseller(admin, [host.id]);
    await expect(
      importSendmailHost(own.actor, request(legacyHost(s), { host: { name: host.name }, customer: { name: theirs.name } })),
    ).rejects.toThrow(NotFoundError);
    const customerActor = theirs.actor;
    await expect(
      importSendmailHost(customerActor, request(legacyHost(s), { host: { name: host.name }, customer: { name: theirs.name } })),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('the host the import checks while it writes', () => {
  // The import checks snapshotAfterImport (lib/mail/import-snapshot.ts) instead of reading the host back:
  // it must be the host the database then holds, in the same order (the checks name a loop from the first
  // of its aliases they meet), or the checks would judge something else than the maps.
  async function expectSameAsReadBack(actor: Actor, hostId: string, hostName: string, legacy: LegacyHost, customer: string) {
    const before = await readHostSnapshot(hostId);
    const report = await importSendmailHost(actor, request(legacy, { host: { name: hostName }, customer: { name: customer } }));
    expect(report.applied).toBe(true);
    const tags = new Map((await db().customer.findMany({ select: { name: true, mailTag: true } })).map((c) => [c.name, c.mailTag]));
    const flavor = (await db().mailHost.findUniqueOrThrow({ where: { id: hostId } })).flavor;
    const plan = planImport({ legacy, defaultCustomer: customer, flavor: flavor === 'POSTFIX' ? 'postfix' : 'sendmail' });
    const built = snapshotAfterImport(before, hostOrder(plan), {
      tagOf: (c) => tags.get(c)!,
      domainsLive: actor.kind === 'admin',
      account: importedAccountColumns,
    });
    expect(built).toEqual(await readHostSnapshot(hostId));
    return built;
  }

  it("is the host read back, for an operator's import into a host that holds mail already", async () => {
    const host = await makeHost(admin);
    const reseller = await makeReseller(admin, [host.id]);
    const first = await makeCustomer(reseller.actor, { maxDomains: 10, maxAccounts: 10, maxAliases: 10, maxVirtmaps: 10 });
    const second = await makeCustomer(reseller.actor, { maxDomains: 10, maxAccounts: 10, maxAliases: 10, maxVirtmaps: 10 });
    const one = await expectSameAsReadBack(admin, host.id, host.name, legacyHost(unique('')), first.name);
    expect(one.virtmaps.length).toBeGreaterThan(3);
    const both = await expectSameAsReadBack(admin, host.id, host.name, legacyHost(unique('')), second.name);
    expect(both.domains).toHaveLength(4);
    expect(new Set(both.accounts.map((a) => a.owner)).size).toBe(2);
  });

  it("is the host read back for a reseller's import, whose domains wait for proof", async () => {
    const host = await makeHost(admin);
    const reseller = await makeReseller(admin, [host.id], { maxDomains: 10, maxAccounts: 10, maxAliases: 10, maxVirtmaps: 10 });
    const customer = await makeCustomer(reseller.actor);
    const built = await expectSameAsReadBack(reseller.actor, host.id, host.name, legacyHost(unique('')), customer.name);
    expect(built.domains).toEqual([]);
    expect(built.accounts.length).toBeGreaterThan(0);
  });
});
