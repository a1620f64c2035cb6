// The tenancy migration on a host that ran the classic shared namespace (docs/tenancy.md, "Moving an
// existing host"): a database at the migration before it gets two customers' mail, the migration runs,
// and then every address that reached the same customer routes as before, every address that reached
// another customer is refused and listed in the migration's report, and no mailbox moves.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Tx } from '../lib/db/client';
import { readHostSnapshot } from '../lib/data/snapshots';
import { applyMigrations } from '../lib/db/migrate';
import { PrismaClient } from '../lib/generated/prisma/client';
import { traceAddress } from '../lib/mail/resolve';
import { outcomeSignature } from '../lib/mail/trace-summary';
import { createDatabase, dropDatabase, withDatabase } from '../scripts/lib/postgres';

const MIGRATIONS = path.resolve('prisma/migrations');
const adminUrl = inject('pgAdminUrl');
const dbName = `${inject('pgPrefix')}_tenancy_${randomBytes(4).toString('hex')}`;
let url: string;
let dir: string;
let prisma: PrismaClient;
let hostId: string;

/** The migrations up to, but not including, the tenancy one: the schema a classic host ran. */
async function migrationsBeforeTenancy(): Promise<{ before: string; all: string }> {
  const names = (await readdir(MIGRATIONS, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const tenancy = names.findIndex((n) => n.endsWith('_tenancy'));
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailpanel-tenancy-'));
  await cp(MIGRATIONS, path.join(dir, 'all'), { recursive: true });
  await cp(MIGRATIONS, path.join(dir, 'before'), { recursive: true });
  for (const name of names.slice(tenancy)) await rm(path.join(dir, 'before', name), { recursive: true });
  return { before: path.join(dir, 'before'), all: path.join(dir, 'all') };
}

/** Two customers of one reseller on one sendmail host, as the classic panel stored them. */
async function classicHost(): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (sql: string, values: unknown[] = []) => (await client.query<{ id: string }>(sql, values)).rows[0]?.id ?? '';
    const reseller = await one(`INSERT INTO "Reseller" (id, name, "updatedAt") VALUES (gen_random_uuid(), 'Acme', now()) RETURNING id`);
    const host = await one(
      `INSERT INTO "MailHost" (id, name, flavor, "mapDir", "updatedAt") VALUES (gen_random_uuid(), 'mx', 'SENDMAIL', '/tmp/mx', now()) RETURNING id`,
    );
    let created = 0; // customers get their tags in the order they were created
    const customer = (name: string) =>
      one(
        `INSERT INTO "Customer" (id, "resellerId", name, "updatedAt", "createdAt") VALUES (gen_random_uuid(), $1, $2, now(), now() + make_interval(secs => $3)) RETURNING id`,
        [reseller, name, (created += 1)],
      );
    const a = await customer('Subhost One');
    const b = await customer('Corner Shop');
    const domain = (name: string, c: string) =>
      one(
        `INSERT INTO "Domain" (id, name, "mailHostId", "customerId", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, now()) RETURNING id`,
        [name, host, c],
      );
    const a1 = await domain('one.example', a);
    await domain('shop.example', b);
    const b2 = await domain('shop2.example', b);
    const account = (name: string, c: string) =>
      one(
        `INSERT INTO "Account" (id, "mailHostId", "customerId", name, "passwordHash", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, '{SHA512-CRYPT}$6$x$y', now()) RETURNING id`,
        [host, c, name],
      );
    await account('joe', a);
    await account('bob', b);
    // A classic name that looks like a host-level one: Corner Shop's tag may not be "cornershop", or its
    // `cornershop-old` would equal this account's kept bare-name login.
    await account('cornershop-old', a);
    // Names whose tags would agree on their first letters: numbered apart, never twice.
    for (const name of ['Restaurant Adler', 'Restaurant Krone', 'Restauration Kiel', 'Restauration Nord']) await customer(name);
    const team = await one(
      `INSERT INTO "Alias" (id, "mailHostId", "customerId", name, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'team', now()) RETURNING id`,
      [host, a],
    );
    await client.query(
      `INSERT INTO "AliasTarget" (id, "aliasId", position, kind, value) VALUES (gen_random_uuid(), $1, 0, 'LOCAL', 'joe')`,
      [team],
    );
    const virtmap = (d: string, local: string, value: string) =>
      client.query(
        `INSERT INTO "Virtmap" (id, "domainId", "localPart", "targetKind", "targetValue", "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'LOCAL', $3, now())`,
        [d, local, value],
      );
    await virtmap(a1, 'webmaster', 'joe');
    await virtmap(b2, '', 'bob'); // a catch-all: nobody else's names answered at shop2.example
    return host;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await createDatabase(adminUrl, dbName);
  url = withDatabase(adminUrl, dbName);
  const { before, all } = await migrationsBeforeTenancy();
  await applyMigrations(url, before);
  hostId = await classicHost();
  const { applied } = await applyMigrations(url, all);
  expect(applied.some((n) => n.endsWith('_tenancy'))).toBe(true);
  prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await dropDatabase(adminUrl, dbName);
  await rm(dir, { recursive: true, force: true });
});

const routes = async (addresses: string[]) => {
  const snapshot = await readHostSnapshot(hostId, prisma as unknown as Tx);
  return Object.fromEntries(addresses.map((a) => [a, outcomeSignature(traceAddress(snapshot, a))]));
};

describe('the tenancy migration on a classic host', () => {
  it('keeps every route inside a customer', async () => {
    const tags = Object.fromEntries(
      (await prisma.customer.findMany({ select: { name: true, mailTag: true } })).map((c) => [c.name, c.mailTag]),
    );
    expect(tags).toEqual({
      'Subhost One': 'subhostone',
      'Corner Shop': 'cornersho2',
      'Restaurant Adler': 'restaurant',
      'Restaurant Krone': 'restauran2',
      'Restauration Kiel': 'restaurati',
      'Restauration Nord': 'restaurat2',
    });
    expect(
      await routes(['joe@one.example', 'webmaster@one.example', 'team@one.example', 'bob@shop.example', 'anyone@shop2.example']),
    ).toEqual({
      'joe@one.example': 'accepted: account subhostone-joe',
      'webmaster@one.example': 'accepted: account subhostone-joe',
      'team@one.example': 'accepted: account subhostone-joe',
      'bob@shop.example': 'accepted: account cornersho2-bob',
      'anyone@shop2.example': 'accepted: account cornersho2-bob',
    });
    // postmaster@ and abuse@ of a domain whose catch-all took them keep going there; elsewhere, as before,
    // to the mail host's own.
    expect(await routes(['postmaster@shop2.example', 'abuse@shop2.example', 'postmaster@one.example'])).toEqual({
      'postmaster@shop2.example': 'accepted: account cornersho2-bob',
      'abuse@shop2.example': 'accepted: account cornersho2-bob',
      'postmaster@one.example': 'accepted: host postmaster',
    });
  });

  it('refuses what reached another customer, and lists it in its report', async () => {
    expect(await routes(['bob@one.example', 'joe@shop.example', 'team@shop.example'])).toEqual({
      'bob@one.example': 'refused 550 5.1.1',
      'joe@shop.example': 'refused 550 5.1.1',
      'team@shop.example': 'refused 550 5.1.1',
    });
    const report = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'tenancy.migrate', targetId: hostId } });
    expect(report.details).toMatchObject({
      host: 'mx',
      refusedFromNowOn: 4,
      addresses: ['bob@one.example', 'cornershop-old@shop.example', 'joe@shop.example', 'team@shop.example'],
    });
  });

  it('moves no mailbox, keeps the bare-name logins, and gives each account its address as login', async () => {
    const accounts = await prisma.account.findMany({
      select: { name: true, mailbox: true, legacyLogin: true, loginAddress: true },
      orderBy: { name: 'asc' },
    });
    expect(accounts).toEqual([
      { name: 'bob', mailbox: 'bob', legacyLogin: 'bob', loginAddress: 'bob@shop.example' },
      { name: 'cornershop-old', mailbox: 'cornershop-old', legacyLogin: 'cornershop-old', loginAddress: 'cornershop-old@one.example' },
      { name: 'joe', mailbox: 'joe', legacyLogin: 'joe', loginAddress: 'joe@one.example' },
    ]);
  });

  it('keeps the domains taking mail and has the host publish the new maps', async () => {
    const domains = await prisma.domain.findMany({ select: { verifiedBy: true, verifiedAt: true } });
    expect(domains.every((d) => d.verifiedBy === 'before-tenancy' && d.verifiedAt !== null)).toBe(true);
    const host = await prisma.mailHost.findUniqueOrThrow({ where: { id: hostId }, select: { changeSeq: true, syncedSeq: true } });
    expect(host.changeSeq).toBeGreaterThan(host.syncedSeq);
  });
});
