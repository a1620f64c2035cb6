// The migration that drops the unused `enabled` flag of aliases and virtmaps: a row disabled by hand was not
// on the mail host, and must not go live when the flag disappears. It is listed in the audit log and removed;
// every enabled row stays as it was.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import { applyMigrations } from '../lib/db/migrate';
import { createDatabase, dropDatabase, withDatabase } from '../scripts/lib/postgres';

const MIGRATIONS = path.resolve('prisma/migrations');
const adminUrl = inject('pgAdminUrl');
let dbName: string;
let url: string;
let dir: string;

beforeEach(async () => {
  dbName = `${inject('pgPrefix')}_dropen_${randomBytes(4).toString('hex')}`;
  await createDatabase(adminUrl, dbName);
  url = withDatabase(adminUrl, dbName);
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailpanel-dropen-'));
});

afterEach(async () => {
  await dropDatabase(adminUrl, dbName);
  await rm(dir, { recursive: true, force: true });
});

/** Copies of the migrations: up to (not including) the one named, and all of them. */
async function migrationsBefore(suffix: string): Promise<{ before: string; all: string }> {
  const names = (await readdir(MIGRATIONS, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const at = names.findIndex((n) => n.endsWith(suffix));
  expect(at).toBeGreaterThan(0);
  await cp(MIGRATIONS, path.join(dir, 'all'), { recursive: true });
  await cp(MIGRATIONS, path.join(dir, 'before'), { recursive: true });
  for (const name of names.slice(at)) await rm(path.join(dir, 'before', name), { recursive: true });
  return { before: path.join(dir, 'before'), all: path.join(dir, 'all') };
}

it('removes only the aliases and virtmaps disabled by hand, and lists each in the audit log', async () => {
  const { before, all } = await migrationsBefore('_drop_unused_enabled');
  await applyMigrations(url, before);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (sql: string, values: unknown[] = []) => (await client.query<{ id: string }>(sql, values)).rows[0]?.id ?? '';
    const reseller = await one(`INSERT INTO "Reseller" (id, name, "updatedAt") VALUES (gen_random_uuid(), 'Acme', now()) RETURNING id`);
    const host = await one(
      `INSERT INTO "MailHost" (id, name, flavor, "mapDir", "updatedAt") VALUES (gen_random_uuid(), 'mx', 'SENDMAIL', '/tmp/mx', now()) RETURNING id`,
    );
    const customer = await one(
      `INSERT INTO "Customer" (id, "resellerId", name, "mailTag", "updatedAt") VALUES (gen_random_uuid(), $1, 'Subhost One', 'one', now()) RETURNING id`,
      [reseller],
    );
    const domain = await one(
      `INSERT INTO "Domain" (id, name, "mailHostId", "customerId", "verifiedAt", "updatedAt") VALUES (gen_random_uuid(), 'one.example', $1, $2, now(), now()) RETURNING id`,
      [host, customer],
    );
    const alias = (name: string, enabled: boolean) =>
      one(
        `INSERT INTO "Alias" (id, "mailHostId", "customerId", name, enabled, "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, $4, now()) RETURNING id`,
        [host, customer, name, enabled],
      );
    for (const id of [await alias('team', true), await alias('old', false)]) {
      await client.query(
        `INSERT INTO "AliasTarget" (id, "aliasId", position, kind, value) VALUES (gen_random_uuid(), $1, 0, 'LOCAL', 'joe')`,
        [id],
      );
    }
    const virtmap = (local: string, enabled: boolean) =>
      client.query(
        `INSERT INTO "Virtmap" (id, "domainId", "localPart", "targetKind", "targetValue", enabled, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'LOCAL', 'joe', $3, now())`,
        [domain, local, enabled],
      );
    await virtmap('webmaster', true);
    await virtmap('gone', false);

    const { applied } = await applyMigrations(url, all);
    expect(applied.some((n) => n.endsWith('_drop_unused_enabled'))).toBe(true);

    const names = await client.query<{ name: string; targets: number }>(
      `SELECT a.name, (SELECT count(*)::int FROM "AliasTarget" t WHERE t."aliasId" = a.id) AS targets FROM "Alias" a ORDER BY a.name`,
    );
    expect(names.rows).toEqual([{ name: 'team', targets: 1 }]);
    const keys = await client.query<{ localPart: string }>(`SELECT "localPart" FROM "Virtmap" ORDER BY "localPart"`);
    expect(keys.rows).toEqual([{ localPart: 'webmaster' }]);
    const audit = await client.query<{ action: string; name: string | null; localPart: string | null }>(
      `SELECT action, details->>'name' AS name, details->>'localPart' AS "localPart" FROM "AuditEvent" WHERE "actorLabel" = 'mailpanel migration' AND action LIKE '%.dropDisabled' ORDER BY action`,
    );
    expect(audit.rows).toEqual([
      { action: 'alias.dropDisabled', name: 'old', localPart: null },
      { action: 'virtmap.dropDisabled', name: null, localPart: 'gone' },
    ]);
    const columns = await client.query(
      `SELECT table_name FROM information_schema.columns WHERE column_name = 'enabled' AND table_name IN ('Alias', 'Virtmap')`,
    );
    expect(columns.rows).toEqual([]);
  } finally {
    await client.end();
  }
});
