// Two suites: `unit` (pure code beside its source, no database) and `integration` (tests/ against a real
// PostgreSQL: one migrated template database, one copy of it per test file).
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The `@/*` import alias from tsconfig.json, resolved the same way in tests as in the app.
  resolve: { tsconfigPaths: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/setup/fail-on-console-error.ts'],
          // Pure CPU: one file per core (vitest's default leaves one idle: 83 s against 59 s on 2 cores).
          maxWorkers: os.availableParallelism(),
          // The table-driven checks over hundreds of random hosts take seconds, and with two files at once on
          // 2 cores up to 30 s (lib/mailmaps/render-reuse.test.ts: 30.2 s in a clean-clone run, 2026-12-07).
          // The limit only catches a hang.
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global-setup.ts'],
          setupFiles: ['tests/setup/fail-on-console-error.ts'],
          // Every reuse of a kept snapshot is checked against the database (lib/data/snapshot-cache.ts).
          env: {
            MAILPANEL_VERIFY_SNAPSHOT_CACHE: '1',
            // Admin and support sign in without a second factor here, as in the browser suite; the rule that
            // requires it is tests/two-factor.test.ts's, which sets it back for itself.
            MAILPANEL_STAFF_TWO_FACTOR: 'optional',
            // The tests' mail hosts keep their maps under /etc/mail, /etc/postfix, /tmp, /srv and .data, and run the map tools of
            // unpacked MTAs and wrapper scripts: the operator's opt-outs (lib/validation/host-policy.ts).
            // Tests of the policy itself set their own.
            MAILPANEL_MAP_ROOT: ['/etc/mail', '/etc/postfix', '/tmp', '/srv', path.resolve('.data')].join(':'),
            MAILPANEL_ALLOW_ANY_HOST_COMMAND: '1',
          },
          // next-auth imports `next/server` as Next's bundler resolves it; Node alone cannot (tests/auth-route.test.ts).
          server: { deps: { inline: ['next-auth'] } },
          // Files run side by side, each on a database of its own. They mostly wait on other processes
          // (PostgreSQL, the MTAs, SMTP on loopback), so one file more than there are cores runs at once;
          // vitest's default, one fewer, ran one file at a time on a 2-core machine: 33 minutes in the last
          // clean-clone run so, 10 minutes with three at once (2026-12-07; the two machines' speeds differed).
          maxWorkers: os.availableParallelism() + 1,
          // A real server is slower than pure code.
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
