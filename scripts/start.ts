// `npm start`: the whole panel from a fresh clone. Database (embedded unless DATABASE_URL is given),
// migrations, demo data on a new embedded database, a build when needed, then `next start`.
// Ctrl-C stops the web server and then PostgreSQL, cleanly. `--prepare-only` stops after the database
// steps (used by the test that proves a second start keeps the data).
import { staffTwoFactor } from '../lib/auth/two-factor-rule';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { disconnectDb } from '../lib/db/client';
import { applyMigrations } from '../lib/db/migrate';
import { authSecret } from './lib/auth-secret';
import { buildIfNeeded } from './lib/build-if-needed';
import { DEMO_LOGINS, DEMO_MAILBOX_LOGINS, DEMO_PASSWORD, isEmpty, seedDemo } from './lib/demo-data';
import { DATA_ROOT, openPanelDatabase } from './lib/panel-database';
import { withWorkerNodeOptions } from './lib/worker-heap';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const say = (s: string) => console.log(`[mailpanel] ${s}`);

async function main() {
  const database = await openPanelDatabase((line) => say(`postgres: ${line}`));
  process.env.DATABASE_URL = database.url;
  say(
    database.embedded
      ? `Using the embedded PostgreSQL in ${path.relative('.', DATA_ROOT) || '.'}/pg`
      : 'Using the PostgreSQL in DATABASE_URL',
  );
  const { applied } = await applyMigrations(database.url);
  say(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date');

  let seeded = false;
  if (database.embedded && (await isEmpty())) {
    await seedDemo(path.join(DATA_ROOT, 'mailhost'), say);
    seeded = true;
    say('Loaded the demo data');
  }
  await disconnectDb();
  if (process.argv.includes('--prepare-only')) {
    await database.stop();
    return;
  }

  buildIfNeeded(say);
  // The web server runs the in-app sync worker: it gets the worker's heap flags.
  const env = withWorkerNodeOptions({ ...process.env, AUTH_SECRET: authSecret(), AUTH_TRUST_HOST: 'true', NEXT_TELEMETRY_DISABLED: '1' });
  const nextBin = path.resolve('node_modules/next/dist/bin/next');
  const web = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', host], { stdio: ['ignore', 'pipe', 'inherit'], env });
  web.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (chunk.toString().includes('Ready')) announce(database.embedded, seeded);
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('Stopping…');
    web.kill('SIGTERM');
    await database.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  web.on('exit', (code) => void stop(code ?? 1));
}

function announce(embedded: boolean, seeded: boolean) {
  say(`The panel is at http://localhost:${port}/`);
  if (!embedded) return;
  say(seeded ? 'Demo logins (all with the password below):' : 'Demo logins, if you kept the demo data:');
  for (const l of DEMO_LOGINS) say(`  ${l.role.padEnd(9)} ${l.email}`);
  for (const l of DEMO_MAILBOX_LOGINS) say(`  ${l.role.padEnd(9)} ${l.email} (at /postoffice/login)`);
  say(`  password  ${DEMO_PASSWORD}`);
  if (staffTwoFactor() === 'required') say('  admin and support set up two-factor sign-in (an authenticator app) at their first sign-in');
}

main().catch(async (error: unknown) => {
  console.error('[mailpanel] could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
