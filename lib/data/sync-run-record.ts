import './server-only';
import { pruneJournal } from './save-journal';
import type { packText } from './sync-file-text';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';

// What the sync worker writes of each publish: the run (SyncRun), its files (SyncFile) and the host's
// live revision and sync state. The worker acts for the system, not a person, so these take the host id
// instead of an actor. Operators read the result through lib/data/sync-history.ts.

/** How many revisions keep every file's full text (older ones keep only what later diffs need). */
const KEEP_CONTENT_REVISIONS = 20;
/** How many revisions keep their diffs (a few kilobytes each: the run page of a change long past). */
const KEEP_DIFF_REVISIONS = 1000;
const MAX_ERROR = 8_000;

/** A file of a publish as a run records it (the publisher's PublishedFile: lib/sync/publish.ts). */
interface RunFile {
  name: string;
  sha256: string;
  size: number;
  /** False when the live revision held the same bytes. */
  changed: boolean;
  /** A changed file's changes against the previous revision's text (lib/sync/line-diff.ts), when known. */
  diff?: object;
  /**
   * The text as the history keeps it (lib/sync/stored-text.ts), packed (sync-file-text.ts); asked for only
   * if it is kept (a caller that knows it will be may have started it early: keepsEveryText).
   */
  packed: () => ReturnType<typeof packText>;
}

/**
 * Opens a run under the host's publish lock. A run still RUNNING at this point was cut off (its worker
 * died or lost its lock, which is why the lock was free): it is closed as failed, so history stays true.
 */
export async function startSyncRun(mailHostId: string, trigger: string, changeSeq: bigint): Promise<{ id: string }> {
  return db().$transaction(async (tx) => {
    await tx.syncRun.updateMany({
      where: { mailHostId, status: { in: ['QUEUED', 'RUNNING'] } },
      data: {
        status: 'FAILED',
        failedPhase: 'interrupted',
        error: 'The worker stopped before this publish finished; nothing of it was swapped in unless a later run says so.',
        finishedAt: new Date(),
      },
    });
    return tx.syncRun.create({ data: { mailHostId, trigger, changeSeq, status: 'RUNNING' }, select: { id: true } });
  });
}

/** Records a revision: the run, its files, and the host's live revision and synced sequence. */
export async function finishSyncRunSucceeded(
  runId: string,
  mailHostId: string,
  result: {
    revision: number;
    changeSeq: bigint;
    phases: Record<string, number>;
    files: RunFile[];
    /** What keepsEveryText said before the publish (asked once, under the host's publish lock). */
    keepsEveryText: boolean;
  },
): Promise<void> {
  const now = new Date();
  const packed = await packFiles(result.files, result.keepsEveryText);
  await db().$transaction(
    async (tx) => {
      await tx.syncRun.update({
        where: { id: runId },
        data: { status: 'SUCCEEDED', revision: result.revision, phases: result.phases, finishedAt: now, error: null, failedPhase: null },
      });
      await tx.syncFile.createMany({
        data: result.files.map((f, i) => ({
          runId,
          name: f.name,
          sha256: f.sha256,
          size: f.size,
          changed: f.changed,
          contentGz: packed[i] ?? null,
          ...(f.diff ? { diff: f.diff } : {}),
        })),
      });
      await tx.$executeRaw`
      UPDATE "MailHost" SET "liveRevision" = ${result.revision}, "syncedSeq" = GREATEST("syncedSeq", ${result.changeSeq}),
        "lastSyncAt" = ${now}, "failingSince" = NULL, "lastError" = NULL, "updatedAt" = ${now}
      WHERE id = ${mailHostId}::uuid`;
      await pruneContent(tx, mailHostId, result.revision);
      // The publisher keeps the host as it published it: the journal up to here is not needed again.
      await pruneJournal(mailHostId, result.changeSeq, tx);
    },
    { timeout: 60_000 },
  );
}

/**
 * The texts a run keeps, packed: every file of the host's first successful run, else only the changed ones
 * whose diff is not known. Unchanged files keep only their hash: their text is in the revision that last
 * changed them; a changed file with its diff, only that.
 */
async function packFiles(files: RunFile[], first: boolean) {
  return Promise.all(files.map((f) => (first || (f.changed && !f.diff) ? f.packed() : null)));
}

/** Whether the next run recorded for the host keeps every file's text: no run of it has kept files yet. */
export async function keepsEveryText(mailHostId: string): Promise<boolean> {
  const where = { run: { mailHostId, status: 'SUCCEEDED' as const } };
  return (await db().syncFile.findFirst({ where, select: { id: true } })) === null;
}

/**
 * Old texts are dropped unless they are the text of their file's newest change (the base of a later diff
 * of two texts: lib/data/sync-history.ts); old diffs go after many more revisions (they are small).
 */
async function pruneContent(tx: Prisma.TransactionClient, mailHostId: string, revision: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE "SyncFile" f SET "contentGz" = NULL
    FROM "SyncRun" r
    WHERE f."runId" = r.id AND r."mailHostId" = ${mailHostId}::uuid AND r.revision <= ${revision - KEEP_CONTENT_REVISIONS}
      AND f."contentGz" IS NOT NULL
      AND EXISTS (
        SELECT 1 FROM "SyncFile" f2 JOIN "SyncRun" r2 ON r2.id = f2."runId"
        WHERE r2."mailHostId" = r."mailHostId" AND f2.name = f.name AND r2.revision > r.revision AND f2.changed)`;
  await tx.$executeRaw`
    UPDATE "SyncFile" f SET "diff" = NULL
    FROM "SyncRun" r
    WHERE f."runId" = r.id AND r."mailHostId" = ${mailHostId}::uuid AND r.revision <= ${revision - KEEP_DIFF_REVISIONS}
      AND f."diff" IS NOT NULL`;
}

/** Records a failed run; returns how many runs in a row have failed now (for the retry backoff). */
export async function finishSyncRunFailed(
  runId: string,
  mailHostId: string,
  failure: { phase: string; error: string; phases: Record<string, number>; live?: { revision: number; changeSeq: bigint } },
): Promise<{ failures: number; failedAt: Date }> {
  const now = new Date();
  const error = failure.error.length > MAX_ERROR ? `${failure.error.slice(0, MAX_ERROR)}\n… (cut)` : failure.error;
  const { live } = failure;
  await db().$transaction(async (tx) => {
    await tx.syncRun.update({
      where: { id: runId },
      data: {
        status: 'FAILED',
        failedPhase: failure.phase,
        error,
        phases: failure.phases,
        finishedAt: now,
        revision: live?.revision ?? null,
      },
    });
    await tx.$executeRaw`
      UPDATE "MailHost" SET "failingSince" = COALESCE("failingSince", ${now}), "lastError" = ${`${failure.phase}: ${firstLine(error)}`}, "updatedAt" = ${now}
      WHERE id = ${mailHostId}::uuid`;
    // Failed after the switch (a reload): the new maps ARE live, and the history says so.
    if (live) {
      await tx.$executeRaw`
        UPDATE "MailHost" SET "liveRevision" = ${live.revision}, "syncedSeq" = GREATEST("syncedSeq", ${live.changeSeq})
        WHERE id = ${mailHostId}::uuid`;
    }
  });
  return { failures: await consecutiveFailures(mailHostId), failedAt: now };
}

/** Failed runs since the last success: the exponent of the retry backoff. */
async function consecutiveFailures(mailHostId: string): Promise<number> {
  const lastSuccess = await db().syncRun.findFirst({
    where: { mailHostId, status: 'SUCCEEDED' },
    orderBy: { startedAt: 'desc' },
    select: { startedAt: true },
  });
  return db().syncRun.count({
    where: { mailHostId, status: 'FAILED', ...(lastSuccess ? { startedAt: { gt: lastSuccess.startedAt } } : {}) },
  });
}

/** The newest failed run's end, when the host is failing (null otherwise). */
export async function lastFailure(mailHostId: string): Promise<{ at: Date; failures: number } | null> {
  const run = await db().syncRun.findFirst({
    where: { mailHostId, status: 'FAILED', mailHost: { failingSince: { not: null } } },
    orderBy: { startedAt: 'desc' },
    select: { finishedAt: true, startedAt: true },
  });
  if (!run) return null;
  return { at: run.finishedAt ?? run.startedAt, failures: await consecutiveFailures(mailHostId) };
}

/** The first line of the tool's own words (the publisher puts the command line, "$ …", first). */
function firstLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const line = lines.find((l) => !l.startsWith('$ ')) ?? lines[0] ?? text;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
