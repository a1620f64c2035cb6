// End-to-end tests: the built panel on a fresh embedded PostgreSQL with the demo data, driven in
// Debian's Chromium (no browser download: see STACK.md). One login per role, saved by e2e/auth.setup.ts.
import { defineConfig } from '@playwright/test';

const PORT = 3100;

export default defineConfig({
  testDir: 'e2e',
  // The specs share one database and change it: run them one at a time, in a stable order.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
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
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', testMatch: /.*\.spec\.ts/, dependencies: ['setup'] },
  ],
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
      MAILPANEL_PG_PORT: '54359',
      MAILPANEL_FRESH: '1',
      // Every reuse of a kept snapshot is checked against the database (lib/data/snapshot-cache.ts).
      MAILPANEL_VERIFY_SNAPSHOT_CACHE: '1',
      PORT: String(PORT),
      HOST: '127.0.0.1',
    },
  },
});
