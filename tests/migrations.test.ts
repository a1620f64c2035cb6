// The migration runner against a real PostgreSQL: the template is migrated, a re-run applies nothing,
// concurrent runs are safe, and history that no longer matches the files is refused.
import { appendFile, cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from '../lib/db/migrate';
import { createDatabase, dropDatabase, withDatabase } from '../scripts/lib/postgres';
import { freshDatabase, type TestDatabase } from './setup/database';

const REAL_MIGRATIONS = path.resolve('prisma/migrations');
const hasRealMigrations = existsSync(REAL_MIGRATIONS);

async function tableNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    return rows.map((row) => row.tablename);
  } finally {
    await client.end();
  }
}

/** A scratch copy of the migrations (the real ones once they exist) that a test may edit. */
async function scratchMigrations(): Promise<{ dir: string; names: string[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mailpanel-migrations-'));
  if (hasRealMigrations) {
    await cp(REAL_MIGRATIONS, dir, { recursive: true });
  } else {
    const files: Record<string, string> = {
      '20250101000000_init': 'CREATE TABLE "User" (id TEXT PRIMARY KEY);\nCREATE TABLE "Domain" (id TEXT PRIMARY KEY);\n',
      '20250102000000_add_email': 'ALTER TABLE "User" ADD COLUMN email TEXT;\n',
    };
    for (const [name, sql] of Object.entries(files)) {
      await mkdir(path.join(dir, name));
      await writeFile(path.join(dir, name, 'migration.sql'), sql);
    }
  }
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return { dir, names };
}

describe('template database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it.runIf(hasRealMigrations)('holds the migrated schema', async () => {
    const tables = await tableNames(db.url);
    expect(tables).toEqual(expect.arrayContaining(['User', 'Domain', '_prisma_migrations']));
    expect(await db.prisma.user.count()).toBe(0);
  });

  it.runIf(hasRealMigrations)('is already up to date, so applying again does nothing', async () => {
    expect(await applyMigrations(db.url, REAL_MIGRATIONS)).toEqual({ applied: [] });
  });
});

describe('applyMigrations', () => {
  const adminUrl = inject('pgAdminUrl');
  let dir: string;
  let names: string[];
  let url: string;
  let dbName: string;

  // An empty database (not from the template) and a scratch copy of the migrations for every test.
  beforeEach(async () => {
    ({ dir, names } = await scratchMigrations());
    dbName = `${inject('pgPrefix')}_raw_${randomBytes(4).toString('hex')}`;
    await createDatabase(adminUrl, dbName);
    url = withDatabase(adminUrl, dbName);
  });
  afterEach(async () => {
    await dropDatabase(adminUrl, dbName);
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every migration once, even when two processes start together', async () => {
    const runs = await Promise.all([applyMigrations(url, dir), applyMigrations(url, dir)]);
    expect(runs.flatMap((run) => run.applied).sort()).toEqual(names);
    expect(await tableNames(url)).toEqual(expect.arrayContaining(['User', 'Domain', '_prisma_migrations']));
  });

  it('is idempotent: a second run applies nothing', async () => {
    expect((await applyMigrations(url, dir)).applied).toEqual(names);
    expect(await applyMigrations(url, dir)).toEqual({ applied: [] });
  });

  it('refuses to run past a migration that failed earlier', async () => {
    expect((await applyMigrations(url, dir)).applied).toEqual(names);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('x', 'x', '29991231000000_broken')`);
    await expect(applyMigrations(url, dir)).rejects.toThrow('29991231000000_broken failed earlier');
    await client.query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = 'x'`);
    await client.end();
    expect(await applyMigrations(url, dir)).toEqual({ applied: [] });
  });

  it('refuses an applied migration whose file changed', async () => {
    expect((await applyMigrations(url, dir)).applied).toEqual(names);
    const last = names.at(-1) ?? '';
    await appendFile(path.join(dir, last, 'migration.sql'), '\n-- edited after being applied\n');
    await expect(applyMigrations(url, dir)).rejects.toThrow(`Migration ${last} was changed after it was applied`);
  });
});
