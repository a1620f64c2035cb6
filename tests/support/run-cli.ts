// `npm run mailpanel -- …` as a real command (a child process) against a test database: its exit code and
// what it printed (tests/cli.test.ts, tests/import-cli.test.ts).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function mailpanelCommand(databaseUrl: () => string, timeout = 120_000) {
  return (...args: string[]): Promise<CliResult> =>
    run(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/mailpanel.ts', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl() },
      timeout,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
}
