// Runs once per `vitest` run of the integration project: gets a PostgreSQL server, builds one migrated
// template database, and hands its coordinates to the test files (see database.ts).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../lib/db/migrate';
import { createDatabase, dropDatabase, withDatabase } from '../../scripts/lib/postgres';
import { startTestCluster } from './test-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL on the test server (its `postgres` database). */
    pgAdminUrl: string;
    /** Migrated database that every test database is copied from. */
    pgTemplate: string;
    /** Prefix of every database this run creates, so teardown finds leftovers. */
    pgPrefix: string;
  }
}

const MIGRATIONS_DIR = path.resolve('prisma/migrations');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A given DATABASE_URL may be a shared server: every name is unique to this run, and is dropped after.
  const server = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, stop: async () => {} } : await startTestCluster();
  const adminUrl = server.url;
  const prefix = `mailpanel_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const template = `${prefix}_template`;

  try {
    await createDatabase(adminUrl, template);
    // Until prisma/migrations exists the template is empty; tests then bring their own migrations.
    if (existsSync(MIGRATIONS_DIR)) await applyMigrations(withDatabase(adminUrl, template), MIGRATIONS_DIR);
    // CREATE DATABASE ... TEMPLATE fails while anyone is connected to the template: forbid connections.
    await query(adminUrl, `ALTER DATABASE ${pg.escapeIdentifier(template)} ALLOW_CONNECTIONS false`);
  } catch (error) {
    await cleanUp(adminUrl, prefix).catch(() => {});
    await server.stop();
    throw error;
  }

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  project.provide('pgPrefix', prefix);

  return async () => {
    try {
      await cleanUp(adminUrl, prefix);
    } finally {
      await server.stop();
    }
  };
}

/** Drops every database of this run, including ones a crashed or careless test left behind. */
async function cleanUp(adminUrl: string, prefix: string): Promise<void> {
  const names = await query(adminUrl, 'SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
  for (const { datname } of names) await dropDatabase(adminUrl, String(datname));
}

async function query(url: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
