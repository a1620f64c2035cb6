import PgBoss from 'pg-boss';

// The job queue: pg-boss on the panel's own PostgreSQL (schema "pgboss", created and upgraded by pg-boss
// itself on start). This file only creates and sends; lib/jobs/worker.ts runs the handlers. It is
// imported by lib/jobs/host-requests.ts (Sync now, saved settings) and the worker; lib/data never imports
// lib/jobs (docs/architecture.md).
//
// Queue "mailhost-publish", policy "short": at most ONE job per singletonKey waits in state `created`. The
// key is the host id (changes and retries), `<id>:manual` (Sync now) or `<id>:check` (drift check), so a
// burst of edits to a host while a publish waits adds nothing: the waiting job renders the latest data
// when it runs. ("singleton"/"stately" would also cap active jobs per key, but pg-boss 10 enforces that
// with a unique index during fetch: the next waiting job of a busy host makes the whole fetch fail, so
// one slow host would stall every other host's publishes. One-at-a-time per host is the advisory lock's
// job instead: lib/sync/host-lock.ts.)

export const PUBLISH_QUEUE = 'mailhost-publish';
/** Fans the periodic drift check out to one `check` job per host. */
export const CHECK_QUEUE = 'mailhost-check';
export const SCHEMA = 'pgboss';
/** Imports of legacy hosts applied from the browser (lib/data/import-runs.ts): one job per run. */
export const IMPORT_QUEUE = 'mailhost-import';

import type { PublishTrigger } from '../sync/publish-trigger';

export type { PublishTrigger };

export interface PublishJobData {
  mailHostId: string;
  trigger: PublishTrigger;
  /**
   * A look again after another worker held the host (lib/jobs/publish-job.ts): keyed apart, so that
   * while it waits its second a new change's job is not folded into it and published a second late.
   */
  afterBusy?: true;
}

export function newBoss(databaseUrl: string, role: 'worker' | 'sender'): PgBoss {
  return new PgBoss({
    connectionString: databaseUrl,
    schema: SCHEMA,
    application_name: `mailpanel-${role}`,
    max: role === 'worker' ? 8 : 2,
    // A sender only inserts jobs: the worker supervises (expires, archives) and runs the cron.
    supervise: role === 'worker',
    schedule: role === 'worker',
  });
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  // retryLimit covers crashes of the handler itself (database gone, a bug); a failed publish is
  // recorded and retried on the host's own capped backoff instead (lib/sync/retry-policy.ts).
  await boss.createQueue(PUBLISH_QUEUE, {
    name: PUBLISH_QUEUE,
    policy: 'short',
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 3600,
  });
  await boss.createQueue(CHECK_QUEUE, { name: CHECK_QUEUE, policy: 'short', retryLimit: 0, expireInSeconds: 300 });
  // No retry: an import is one transaction; a run the worker lost is marked failed, and nothing was written.
  await boss.createQueue(IMPORT_QUEUE, { name: IMPORT_QUEUE, policy: 'short', retryLimit: 0, expireInSeconds: 3600 });
}

export function singletonKey(data: PublishJobData): string {
  return data.afterBusy ? `${triggerKey(data)}:busy` : triggerKey(data);
}

function triggerKey(data: PublishJobData): string {
  switch (data.trigger) {
    case 'change':
    case 'retry':
      return data.mailHostId;
    case 'manual':
    case 'settings':
      return `${data.mailHostId}:manual`;
    case 'check':
      return `${data.mailHostId}:check`;
  }
}

/** Sends a publish job; null when one with the same key is already waiting (the burst is coalesced). */
export async function sendPublish(boss: PgBoss, data: PublishJobData, delayMs = 0): Promise<string | null> {
  return boss.send(PUBLISH_QUEUE, data, {
    singletonKey: singletonKey(data),
    ...(delayMs > 0 ? { startAfter: new Date(Date.now() + delayMs) } : {}),
  });
}

// One sending client per process, started on first use (never at import: `next build` imports this).
// When the in-app worker runs in this process, its own instance is lent here and used instead.
interface Holder {
  boss: Promise<PgBoss>;
  url: string;
}
const shared = globalThis as unknown as { mailpanelBoss?: Holder };

export function lendBossForSending(boss: PgBoss, databaseUrl: string): () => void {
  const holder: Holder = { boss: Promise.resolve(boss), url: databaseUrl };
  shared.mailpanelBoss = holder;
  return () => {
    if (shared.mailpanelBoss === holder) shared.mailpanelBoss = undefined;
  };
}

export async function senderBoss(): Promise<PgBoss> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set.');
  if (!shared.mailpanelBoss || shared.mailpanelBoss.url !== url) {
    const holder: Holder = {
      url,
      boss: (async () => {
        const boss = newBoss(url, 'sender');
        boss.on('error', (error) => console.warn('[mailpanel] job queue:', error.message));
        await boss.start();
        await ensureQueues(boss);
        return boss;
      })(),
    };
    shared.mailpanelBoss = holder;
    holder.boss.catch(() => {
      if (shared.mailpanelBoss === holder) shared.mailpanelBoss = undefined;
    });
  }
  return shared.mailpanelBoss.boss;
}

/** Enqueues a publish of one host from anywhere in the panel (Sync now, the command line). */
export async function enqueuePublish(mailHostId: string, trigger: PublishTrigger, delayMs = 0): Promise<string | null> {
  return sendPublish(await senderBoss(), { mailHostId, trigger }, delayMs);
}

/** Queues the apply of an import run (its id is the job's key: a run is queued once). */
export async function enqueueImport(runId: string): Promise<string | null> {
  return (await senderBoss()).send(IMPORT_QUEUE, { runId }, { singletonKey: runId });
}
