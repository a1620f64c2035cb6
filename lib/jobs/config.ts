import type { RetryPolicy } from '../sync/retry-policy';
import { DEFAULT_RETRY } from '../sync/retry-policy';

// The sync worker's settings, from the environment (README, "Publishing to the mail hosts"). Defaults suit one panel with
// a handful of hosts; the tests turn every interval down.

export interface SyncWorkerConfig {
  databaseUrl: string;
  /** Publishes running at once in this process (each host is still published by one worker at a time). */
  concurrency: number;
  /** How often an idle pg-boss worker looks for jobs (it is also woken directly after a change). */
  pollingIntervalSeconds: number;
  /**
   * A change that comes within this long of the host's previous one waits this long before its publish
   * starts, so the rest of a burst of edits becomes one publish; a change after a quiet spell starts at once.
   */
  debounceMs: number;
  /** How often hosts with changes waiting (changeSeq > syncedSeq) are looked for: the safety net. */
  sweepMs: number;
  /** When live files are compared with what the database renders (pg-boss cron, UTC); '' for never. */
  checkCron: string;
  /** How long a job waits before looking again when another worker is publishing the same host. */
  busyRetryMs: number;
  /** A publish that takes longer is aborted (its transport closed) and recorded as failed. */
  publishTimeoutMs: number;
  retry: RetryPolicy;
}

const num = (name: string, fallback: number, min = 0): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min} (got "${raw}").`);
  return value;
};

export function syncWorkerConfig(overrides: Partial<SyncWorkerConfig> = {}): SyncWorkerConfig {
  const databaseUrl = overrides.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: the sync worker needs the panel database.');
  return {
    databaseUrl,
    concurrency: num('MAILPANEL_SYNC_CONCURRENCY', 4, 1),
    pollingIntervalSeconds: num('MAILPANEL_SYNC_POLL_SECONDS', 2, 0.5),
    debounceMs: num('MAILPANEL_SYNC_DEBOUNCE_MS', 300),
    sweepMs: num('MAILPANEL_SYNC_SWEEP_MS', 5_000, 100),
    checkCron: process.env.MAILPANEL_SYNC_CHECK_CRON ?? '*/10 * * * *',
    busyRetryMs: num('MAILPANEL_SYNC_BUSY_RETRY_MS', 1_000, 10),
    publishTimeoutMs: num('MAILPANEL_SYNC_TIMEOUT_MS', 600_000, 1_000),
    retry: {
      baseMs: num('MAILPANEL_SYNC_RETRY_BASE_MS', DEFAULT_RETRY.baseMs, 1),
      maxMs: num('MAILPANEL_SYNC_RETRY_MAX_MS', DEFAULT_RETRY.maxMs, 1),
    },
    ...overrides,
  };
}

/**
 * Whether `next start` runs the worker in its own process (the default). Set MAILPANEL_WORKER=off when
 * `npm run worker` runs elsewhere; the web process then only enqueues ("Sync now").
 */
export function inAppWorkerEnabled(): boolean {
  const value = (process.env.MAILPANEL_WORKER ?? 'in-app').toLowerCase();
  return !['off', 'false', '0', 'no', 'external'].includes(value);
}
