// "Migrations, seed and start are idempotent": the real start command, run twice on one embedded data
// directory, seeds once and keeps every row (and every change made in between).
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { ensurePostgres, withDatabase } from '../scripts/lib/postgres';

const run = promisify(execFile);
const PORT = 54369;
let dataRoot = '';

async function startCommand() {
  const env = { ...process.env, DATABASE_URL: '', MAILPANEL_DATA: dataRoot, MAILPANEL_PG_PORT: String(PORT) };
  const { stdout } = await run(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts', '--prepare-only'], {
    env,
    timeout: 120_000,
  });
  return stdout;
}

async function withPanelDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const server = await ensurePostgres({ dataDir: path.join(dataRoot, 'pg'), port: PORT });
  const client = new pg.Client({ connectionString: withDatabase(server.url, 'mailpanel') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
    await server.stop();
  }
}

const counts = (client: pg.Client) =>
  client
    .query<{ users: string; domains: string; migrations: string }>(
      `SELECT
    (SELECT count(*) FROM "User") AS users, (SELECT count(*) FROM "Domain") AS domains,
    (SELECT count(*) FROM _prisma_migrations) AS migrations`,
    )
    .then((r) => r.rows[0]);

afterAll(async () => {
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
});

it('seeds on the first start only, and a second start keeps all data', { timeout: 180_000 }, async () => {
  // Under .data, not /tmp: the embedded server runs as the unprivileged "postgres" user, who must be able to
  // enter every directory above its data (mkdtemp makes /tmp/x mode 700).
  dataRoot = path.resolve('.data', `start-twice-${randomBytes(3).toString('hex')}`);
  await mkdir(dataRoot, { recursive: true });
  const first = await startCommand();
  expect(first).toContain('Loaded the demo data');
  const afterFirst = await withPanelDb(async (client) => {
    // A change made between the two starts must survive the second one.
    await client.query(`UPDATE "Domain" SET enabled = false WHERE name = 'subhost2.example'`);
    return counts(client);
  });
  expect(Number(afterFirst?.users)).toBe(7);
  expect(Number(afterFirst?.domains)).toBe(5);

  const second = await startCommand();
  expect(second).toContain('Database schema is up to date');
  expect(second).not.toContain('Loaded the demo data');
  await withPanelDb(async (client) => {
    expect(await counts(client)).toEqual(afterFirst);
    const row = await client.query(`SELECT enabled FROM "Domain" WHERE name = 'subhost2.example'`);
    expect(row.rows[0]).toEqual({ enabled: false });
  });
});
