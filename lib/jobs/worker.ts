import type PgBoss from 'pg-boss';
import { publishedHostIds, hostsWaitingForSync } from '../data/sync-host-state';
import { syncWorkerConfig, type SyncWorkerConfig } from './config';
import { listenForChanges, type ChangeListener } from './listen';
import { runPublishJob, type PublishJobContext } from './publish-job';
import { runQueuedImport } from '../data/import-runs';
import {
  CHECK_QUEUE,
  IMPORT_QUEUE,
  ensureQueues,
  newBoss,
  PUBLISH_QUEUE,
  sendPublish,
  lendBossForSending,
  type PublishJobData,
} from './queue';

// The sync worker: runs inside `next start` (instrumentation.ts) or alone (`npm run worker`); any number of
// them may run against one database. How a change reaches a mail host:
//  1. the edit's transaction bumps MailHost.changeSeq; on commit a trigger NOTIFYs mailpanel_host_changed;
//  2. every worker LISTENs and sends a publish job for the host: at once for a change that follows none in
//     the last debounce interval (a single edit is live without waiting), else delayed by the debounce
//     (pg-boss: at most one waiting job per host, so the rest of a burst adds nothing), and wakes its
//     pollers when it is due;
//  3. a worker takes the job, takes the host's advisory lock (or queues a look-again if another worker has
//     it, keyed apart so it never holds back the job of a change made meanwhile),
//     renders the latest data with its changeSeq, publishes, records the run, and if changeSeq moved on
//     meanwhile queues the next publish;
//  4. the sweeper looks every few seconds for hosts whose changeSeq is ahead of syncedSeq, or whose last
//     publish failed, and queues them: a lost notification or job delays a change, it never loses it;
//  5. the drift check (pg-boss cron) queues a `check` job per host, which compares the live files' hashes
//     with what the database renders and republishes when they differ.

export interface SyncWorker {
  boss: PgBoss;
  config: SyncWorkerConfig;
  /** Queues every host with changes waiting or a failed last publish; returns how many. */
  sweep(): Promise<number>;
  /** Queues a drift check of every enabled, published host (what the cron does). */
  checkAll(): Promise<number>;
  stop(): Promise<void>;
}

export type SyncLog = (line: string) => void;
const defaultLog: SyncLog = (line) => console.log(`[mailpanel] sync: ${line}`);

export async function startSyncWorker(overrides: Partial<SyncWorkerConfig> = {}, log: SyncLog = defaultLog): Promise<SyncWorker> {
  const config = syncWorkerConfig(overrides);
  const boss = newBoss(config.databaseUrl, 'worker');
  boss.on('error', (error) => log(`job queue error: ${error.message}`));
  await boss.start();
  await ensureQueues(boss);

  const workerIds: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;
  const wake = (afterMs: number) => {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (!stopping) for (const id of workerIds) boss.notifyWorker(id);
      },
      Math.max(0, afterMs) + 20,
    );
    timers.add(timer);
  };
  const ctx: PublishJobContext = { boss, config, log, wake };

  for (let i = 0; i < config.concurrency; i++) {
    workerIds.push(
      await boss.work<PublishJobData>(
        PUBLISH_QUEUE,
        { pollingIntervalSeconds: config.pollingIntervalSeconds, batchSize: 1 },
        async ([job]) => {
          if (!job) return null;
          const outcome = await runPublishJob(job.data, ctx);
          // The job's output in pg-boss (JSON: no bigint).
          return JSON.parse(JSON.stringify(outcome, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as object;
        },
      ),
    );
  }

  const queueHosts = async (ids: string[], trigger: PublishJobData['trigger']) => {
    for (const mailHostId of ids) await sendPublish(boss, { mailHostId, trigger });
    if (ids.length > 0) wake(0);
    return ids.length;
  };
  const sweep = async () => queueHosts(await hostsWaitingForSync(), 'change');
  const checkAll = async () => queueHosts(await publishedHostIds(), 'check');

  await boss.work<{ runId: string }>(
    IMPORT_QUEUE,
    { pollingIntervalSeconds: config.pollingIntervalSeconds, batchSize: 1 },
    async ([job]) => {
      if (job) await runQueuedImport(job.data.runId);
      return null;
    },
  );

  await boss.work(CHECK_QUEUE, { pollingIntervalSeconds: Math.max(config.pollingIntervalSeconds, 5) }, async () => ({
    queued: await checkAll(),
  }));
  if (config.checkCron) await boss.schedule(CHECK_QUEUE, config.checkCron, {}, { tz: 'UTC' });
  else await boss.unschedule(CHECK_QUEUE);

  const lastChange = new Map<string, number>();
  const listener: ChangeListener = await listenForChanges(config.databaseUrl, log, (mailHostId) => {
    const now = Date.now();
    const delayMs = now - (lastChange.get(mailHostId) ?? -Infinity) < config.debounceMs ? config.debounceMs : 0;
    lastChange.set(mailHostId, now);
    void sendPublish(boss, { mailHostId, trigger: 'change' }, delayMs)
      .then(() => wake(delayMs))
      .catch((error: Error) => log(`could not queue a publish of ${mailHostId}: ${error.message}`));
  });

  let sweeping = false;
  const sweepTimer = setInterval(() => {
    if (sweeping || stopping) return;
    sweeping = true;
    sweep()
      .catch((error: Error) => log(`sweep failed: ${error.message}`))
      .finally(() => (sweeping = false));
  }, config.sweepMs);
  // Changes made while no worker ran are picked up at once.
  await sweep();
  const unlend = lendBossForSending(boss, config.databaseUrl);

  return {
    boss,
    config,
    sweep,
    checkAll,
    async stop() {
      stopping = true;
      unlend();
      clearInterval(sweepTimer);
      for (const timer of timers) clearTimeout(timer);
      await listener.close();
      // Lets running publishes finish (their locks and runs are closed properly) for up to 30 s.
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}
