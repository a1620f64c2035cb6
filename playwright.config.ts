// End-to-end tests: the built panel on a fresh embedded PostgreSQL with the demo data, driven in
// Debian's Chromium (no browser download: see STACK.md). One login per role, saved by e2e/auth.setup.ts.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Project } from '@playwright/test';

// E2E_PORT / E2E_PG_PORT let two checkouts run their browser suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);

/**
 * The browser specs. Each makes what it needs under names of its own and never signs out, suspends or
 * changes what another one reads, so they pass in any order and side by side. The demo reseller's limits,
 * which most of them draw on, are raised first (e2e/auth.setup.ts).
 * MAILPANEL_E2E_ORDER=reverse checks the first: one project per spec file, last file first, each waiting
 * for the one before (the command line's order of files is not the run's order).
 */
function specProjects(): Project[] {
  if (process.env.MAILPANEL_E2E_ORDER !== 'reverse') return [{ name: 'chromium', testMatch: /.*\.spec\.ts/, dependencies: ['setup'] }];
  const files = readdirSync(path.join(__dirname, 'e2e')).filter((f) => f.endsWith('.spec.ts'));
  const projects: Project[] = [];
  for (const file of files.sort().reverse()) {
    const before = projects.at(-1)?.name ?? 'setup';
    projects.push({ name: `chromium ${file}`, testMatch: new RegExp(`/${file.replace(/\./g, '\\.')}$`), dependencies: [before] });
  }
  return projects;
}

export default defineConfig({
  testDir: 'e2e',
  // One worker unless asked (`--workers 2`): the web server, its database and the browser share two cores,
  // and two browsers saved little (measured 2026-12-07 on this 2-core machine: 466 s against 527 s) for
  // twice the load on a server whose pages wait at most 15 s. Tests of one file may run in different
  // workers too.
  workers: 1,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // The journeys are long (a tenant of their own, then a dozen pages) and the machine is busy.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // e2e/attack-report.ts prints the attack suite's report (scripts/test.sh names it as well).
  reporter: [['list'], ['./e2e/attack-report.ts']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'setup', testMatch: /auth\.setup\.ts/ }, ...specProjects()],
  webServer: {
    command: 'npx tsx scripts/start.ts',
    url: `http://127.0.0.1:${PORT}/login`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      // Always a fresh embedded database with the demo data, even when DATABASE_URL is set for other suites.
      DATABASE_URL: '',
      MAILPANEL_DATA: '.data/e2e',
      MAILPANEL_PG_PORT: process.env.E2E_PG_PORT ?? '54359',
      MAILPANEL_FRESH: '1',
      // Every reuse of a kept snapshot is checked against the database (lib/data/snapshot-cache.ts).
      MAILPANEL_VERIFY_SNAPSHOT_CACHE: '1',
      // The suite signs admin and support in dozens of times; each would need a fresh code (a code is
      // never accepted twice). e2e/two-factor.spec.ts proves the required path through a reseller that
      // requires it, tests/two-factor.test.ts the staff rule.
      MAILPANEL_STAFF_TWO_FACTOR: 'optional',
      // The local hosts build their aliases with a wrapper of sendmail -bi (e2e/tenants.ts localHostPaths); their
      // maps lie under .data/e2e/mailhost, inside the default map roots (lib/validation/host-policy.ts).
      MAILPANEL_ALLOW_ANY_HOST_COMMAND: '1',
      PORT: String(PORT),
      HOST: '127.0.0.1',
    },
  },
});
