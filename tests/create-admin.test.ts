// The first administrator, created from the command line on a database that has none.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { verifyLogin } from '../lib/data/sessions';
import { withPanelDatabase } from './support/panel-db';

const run = promisify(execFile);
const database = withPanelDatabase();

async function createAdmin(...args: string[]) {
  const env = { ...process.env, DATABASE_URL: database.current.url };
  const cli = path.resolve('node_modules/tsx/dist/cli.mjs');
  return run(process.execPath, [cli, 'scripts/create-admin.ts', ...args], { env, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

it('creates the first admin with a generated password, which then signs in', { timeout: 120_000 }, async () => {
  const bad = await createAdmin('--email', 'not-an-email');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--email: Enter a valid email address');

  const made = await createAdmin('--email', 'Boss@Example.NET');
  expect(made.code).toBe(0);
  const password = /Password \(shown once\): (\S+)/.exec(made.stdout)?.[1] ?? '';
  expect(password.length).toBeGreaterThanOrEqual(16);
  expect(await verifyLogin('boss@example.net', password)).toMatchObject({ ok: true });
  const audit = await database.current.prisma.auditEvent.count({ where: { action: 'user.create' } });
  expect(audit).toBe(1);

  const again = await createAdmin('--email', 'second@example.net', '--password', 'a long enough password');
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('has an administrator already');
  expect(await database.current.prisma.user.count()).toBe(1);
});
