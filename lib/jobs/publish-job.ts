import type PgBoss from 'pg-boss';
import { publishHost, type PublishOutcome } from '../sync/run-publish';
import { withJitter } from '../sync/retry-policy';
import type { SyncWorkerConfig } from './config';
import { sendPublish, type PublishJobData } from './queue';

// What a worker does with one publish job, and which job follows it. Every follow-up goes through the
// queue with the host's singletonKey, so whatever happens there is at most one waiting publish per host.

export interface PublishJobContext {
  boss: PgBoss;
  config: SyncWorkerConfig;
  log: (line: string) => void;
  /** Wakes this process's publish workers (after a delayed follow-up becomes due). */
  wake: (afterMs: number) => void;
}

export async function runPublishJob(data: PublishJobData, ctx: PublishJobContext): Promise<PublishOutcome> {
  const outcome = await publishHost(data.mailHostId, data.trigger, { retry: ctx.config.retry, timeoutMs: ctx.config.publishTimeoutMs });
  const host = data.mailHostId;
  switch (outcome.status) {
    case 'busy':
      // Another worker holds the host's lock: look again shortly (a change made meanwhile is not lost:
      // the running publish re-checks changeSeq when it ends). Keyed apart from the host's changes, so a
      // change that comes while this waits gets a job of its own and is published as soon as it can be.
      await follow(ctx, { mailHostId: host, trigger: data.trigger, afterBusy: true }, ctx.config.busyRetryMs);
      break;
    case 'deferred': {
      const ms = Math.max(0, outcome.until.getTime() - Date.now());
      await follow(ctx, { mailHostId: host, trigger: 'retry' }, withJitter(ms));
      break;
    }
    case 'failed':
      ctx.log(
        `publish of ${outcome.hostName} failed (${outcome.phase}), attempt ${outcome.failures}; next try in ${Math.round(outcome.retryInMs / 1000)} s: ${outcome.error.split('\n')[0]}`,
      );
      await follow(ctx, { mailHostId: host, trigger: 'retry' }, withJitter(outcome.retryInMs));
      break;
    case 'succeeded':
      ctx.log(
        `published ${outcome.hostName} revision ${outcome.revision} (changeSeq ${outcome.changeSeq}) in ${outcome.ms} ms (its record ${outcome.recordMs} ms)`,
      );
      for (const warning of outcome.warnings) ctx.log(`${outcome.hostName} revision ${outcome.revision} is live, but: ${warning}`);
      // Edits committed while this publish ran were not in its snapshot: another publish follows.
      if (outcome.behind) await follow(ctx, { mailHostId: host, trigger: 'change' }, ctx.config.debounceMs);
      break;
    case 'skipped':
      break;
  }
  return outcome;
}

async function follow(ctx: PublishJobContext, data: PublishJobData, delayMs: number): Promise<void> {
  await sendPublish(ctx.boss, data, delayMs);
  ctx.wake(delayMs);
}
