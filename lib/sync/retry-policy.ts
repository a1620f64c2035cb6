// When a failing mail host is tried again: capped exponential backoff. Pure.
// pg-boss 10's own retry backoff has no upper bound (retryDelay · 2^n, n up to 16), so the schedule of
// publish retries is kept here and the worker enqueues the next attempt itself (lib/jobs/publish-job.ts).

export interface RetryPolicy {
  /** Delay after the first failure. */
  baseMs: number;
  /** No retry waits longer than this, however many failures came before. */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 5_000, maxMs: 300_000 };

/** The wait before the next attempt after `failures` consecutive failed runs (failures ≥ 1). */
export function retryDelayMs(failures: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  if (failures <= 0) return 0;
  const exponent = Math.min(failures - 1, 30);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}

/** The earliest time of the next automatic attempt (no jitter: every worker computes the same time). */
export function nextAttemptAt(lastFailureAt: Date, failures: number, policy: RetryPolicy = DEFAULT_RETRY): Date {
  return new Date(lastFailureAt.getTime() + retryDelayMs(failures, policy));
}

/** Up to +20 % on the scheduled start, so hosts that failed together do not retry in lockstep. */
export function withJitter(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 + 0.2 * random()));
}
