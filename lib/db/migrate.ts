// Applies Prisma Migrate's migrations without Prisma's native schema engine (which cannot be downloaded on
// this project's machines), recording them in Prisma's own `_prisma_migrations` table exactly as
// `prisma migrate deploy` would, so a machine with the real engine sees the database as up to date.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

// Prisma's own lock key (schema-engine, postgres flavour): sharing it means this runner and a real
// `prisma migrate deploy` can never interleave either.
const PRISMA_MIGRATE_LOCK = 72707369;

// Prisma's exact DDL, so `prisma migrate status` reads the table without complaint.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

interface LocalMigration {
  name: string;
  script: string;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Prisma accepts a script whose line endings git changed (CRLF/LF), so a Windows checkout still matches. */
function matchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replace(/\r\n/g, '\n'), script.replace(/\r?\n/g, '\r\n')];
  return variants.some((variant) => sha256(variant) === checksum);
}

/** Prisma's layout: one folder per migration holding migration.sql; other entries (migration_lock.toml) are not migrations. */
async function readMigrations(dir: string): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrations: LocalMigration[] = [];
  for (const name of names) {
    const script = await readFile(path.join(dir, name, 'migration.sql'), 'utf8').catch(() => undefined);
    if (script !== undefined) migrations.push({ name, script });
  }
  return migrations;
}

/** Refuses what `prisma migrate deploy` refuses: an edited applied migration, or a failed one (P3009). */
function checkHistory(local: LocalMigration[], rows: AppliedRow[]): void {
  const failed = rows.find((row) => row.finished_at === null);
  if (failed) {
    throw new Error(
      `Migration ${failed.migration_name} failed earlier and was never finished. Fix the database, ` +
        `then mark it with "prisma migrate resolve --rolled-back|--applied ${failed.migration_name}".`,
    );
  }
  for (const row of rows) {
    const file = local.find((m) => m.name === row.migration_name);
    if (file && !matchesChecksum(file.script, row.checksum)) {
      throw new Error(
        `Migration ${row.migration_name} was changed after it was applied (checksum mismatch). ` +
          'Restore the original migration.sql and put the change in a new migration.',
      );
    }
  }
}

export async function applyMigrations(databaseUrl: string, migrationsDir = 'prisma/migrations'): Promise<{ applied: string[] }> {
  const local = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Session-level lock: two processes starting at once take turns; the second then finds nothing to do.
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    const {
      rows: [table],
    } = await client.query<{ found: string | null }>("SELECT to_regclass('_prisma_migrations') AS found");
    if (!table?.found) await client.query(CREATE_MIGRATIONS_TABLE);

    // Rolled-back rows (prisma migrate resolve --rolled-back) count as not applied, as in Prisma.
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL',
    );
    checkHistory(local, rows);

    const done = new Set(rows.map((row) => row.migration_name));
    const applied: string[] = [];
    for (const migration of local.filter((m) => !done.has(m.name))) {
      await applyOne(client, migration);
      applied.push(migration.name);
    }
    return { applied };
  } finally {
    // Closing the session releases the advisory lock even if unlocking is skipped by an error.
    await client.end();
  }
}

/**
 * Script and bookkeeping row commit together: a failing script leaves no trace, so fixing it and
 * re-running is enough (Prisma would leave a failed row needing `migrate resolve`). The price: statements
 * that cannot run in a transaction (CREATE INDEX CONCURRENTLY) are not supported.
 */
async function applyOne(client: pg.Client, migration: LocalMigration): Promise<void> {
  await client.query('BEGIN');
  try {
    // A multi-statement script needs the simple query protocol, which pg uses when given no parameters.
    await client.query(migration.script);
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), sha256(migration.script), migration.name],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  }
}
