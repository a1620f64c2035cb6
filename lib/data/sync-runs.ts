import './server-only';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { NotFoundError } from './errors';
import { assertKind } from './guard';
import { changeSeqOf, readAndKeep, snapshotAt } from './snapshot-cache';
import { mailHostScope } from './scope';

// The history of publishes (SyncRun, SyncFile). Reading it is for operators only: a run's files hold every
// tenant's mail data on the host, and a tool's error text may quote any of it. Resellers see their hosts'
// status on the mail hosts page instead (lib/data/mail-hosts.ts), never a run.
// The second half of this file is what the sync worker writes; it acts for the system, not a person,
// so those functions take the host id instead of an actor.

const RUNS_PAGE = 25;

export async function listSyncRuns(actor: Actor, mailHostId: string, before?: string) {
  assertKind(actor, 'admin', 'support');
  const rows = await db().syncRun.findMany({
    where: { mailHostId, mailHost: mailHostScope(actor) },
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: RUNS_PAGE + 1,
    ...(before ? { cursor: { id: before }, skip: 1 } : {}),
    select: {
      id: true,
      revision: true,
      status: true,
      trigger: true,
      changeSeq: true,
      error: true,
      failedPhase: true,
      startedAt: true,
      finishedAt: true,
      phases: true,
      _count: { select: { files: { where: { changed: true } } } },
    },
  });
  const shown = rows.slice(0, RUNS_PAGE);
  return { rows: shown, nextBefore: rows.length > RUNS_PAGE ? (shown[shown.length - 1]?.id ?? null) : null };
}

/** A run with each file and, for files that changed, the text before (previous revision) and after. */
export async function getSyncRun(actor: Actor, runId: string) {
  assertKind(actor, 'admin', 'support');
  const run = await db().syncRun.findFirst({
    where: { id: runId, mailHost: mailHostScope(actor) },
    select: {
      id: true,
      revision: true,
      status: true,
      trigger: true,
      changeSeq: true,
      error: true,
      failedPhase: true,
      startedAt: true,
      finishedAt: true,
      phases: true,
      mailHost: { select: { id: true, name: true, flavor: true, liveRevision: true } },
      files: { orderBy: { name: 'asc' }, select: { name: true, sha256: true, size: true, changed: true, contentGz: true } },
    },
  });
  if (!run) throw new NotFoundError('That sync run');
  const files = await Promise.all(
    run.files.map(async (file) => ({
      name: file.name,
      sha256: file.sha256,
      size: file.size,
      changed: file.changed,
      after: file.changed ? unpackText(file.contentGz) : null,
      before: file.changed && run.revision ? await previousContent(run.mailHost.id, file.name, run.revision) : null,
    })),
  );
  return { ...run, files };
}

/** The text of a file as the last revision before `revision` published it ('' when it is new). */
async function previousContent(mailHostId: string, name: string, revision: number): Promise<string | null> {
  const previous = await db().syncFile.findFirst({
    where: { name, contentGz: { not: null }, run: { mailHostId, revision: { lt: revision } } },
    orderBy: { run: { revision: 'desc' } },
    select: { contentGz: true },
  });
  if (previous) return unpackText(previous.contentGz);
  // Not kept (pruned), or the file is new: tell the two apart by whether any earlier revision had it.
  const existed = await db().syncFile.count({ where: { name, run: { mailHostId, revision: { lt: revision } } } });
  return existed ? null : '';
}

// ─── For the sync worker ────────────────────────────────────────────────────────────────────────

/** How many revisions keep every file's full text (older ones keep only what later diffs need). */
const KEEP_CONTENT_REVISIONS = 20;
const MAX_ERROR = 8_000;

// The publisher's own record of each file (one definition; the run rows store exactly that).
/** A file of a publish as a run records it (the publisher's PublishedFile: lib/sync/publish.ts). */
export interface RunFile {
  name: string;
  sha256: string;
  size: number;
  /** False when the live revision held the same bytes. */
  changed: boolean;
  content: string;
}

// Texts are kept gzipped at level 1: a million-address host's virtual map is 45 MB of text, 3.4 MB of
// this, packed in 0.1 s (measured); storing the plain texts was seconds of every big publish. Packed on
// libuv's threads, all files at once, so the worker's event loop (its lock's heartbeat) keeps running.
const gzipAsync = promisify(gzip);
const packText = (text: string) => gzipAsync(text, { level: 1 });

function unpackText(packed: Uint8Array | null): string | null {
  return packed === null ? null : gunzipSync(packed).toString('utf8');
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
  result: { revision: number; changeSeq: bigint; phases: Record<string, number>; files: RunFile[] },
): Promise<void> {
  const now = new Date();
  const first = (await db().syncFile.count({ where: { run: { mailHostId, status: 'SUCCEEDED', id: { not: runId } } } })) === 0;
  // Unchanged files keep only their hash: their text is in the revision that last changed them.
  const packed = await Promise.all(result.files.map((f) => (f.changed || first ? packText(f.content) : null)));
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
        })),
      });
      await tx.$executeRaw`
      UPDATE "MailHost" SET "liveRevision" = ${result.revision}, "syncedSeq" = GREATEST("syncedSeq", ${result.changeSeq}),
        "lastSyncAt" = ${now}, "failingSince" = NULL, "lastError" = NULL, "updatedAt" = ${now}
      WHERE id = ${mailHostId}::uuid`;
      await pruneContent(tx, mailHostId, result.revision);
    },
    { timeout: 60_000 },
  );
}

/** Old texts are dropped unless they are the newest kept text of their file (the next diff's base). */
async function pruneContent(tx: Prisma.TransactionClient, mailHostId: string, revision: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE "SyncFile" f SET "contentGz" = NULL
    FROM "SyncRun" r
    WHERE f."runId" = r.id AND r."mailHostId" = ${mailHostId}::uuid AND r.revision <= ${revision - KEEP_CONTENT_REVISIONS}
      AND f."contentGz" IS NOT NULL
      AND EXISTS (
        SELECT 1 FROM "SyncFile" f2 JOIN "SyncRun" r2 ON r2.id = f2."runId"
        WHERE r2."mailHostId" = r."mailHostId" AND f2.name = f.name AND r2.revision > r.revision AND f2."contentGz" IS NOT NULL)`;
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
export async function consecutiveFailures(mailHostId: string): Promise<number> {
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

// ─── Host state for the sync worker ─────────────────────────────────────────────────────────────

/** Everything a publish needs to know about its host (the sealed SSH key stays sealed here). */
export async function loadPublishTarget(mailHostId: string) {
  return db().mailHost.findUnique({
    where: { id: mailHostId },
    select: {
      id: true,
      name: true,
      flavor: true,
      transport: true,
      enabled: true,
      mapDir: true,
      settings: true,
      sshHost: true,
      sshPort: true,
      sshUser: true,
      sshHostKey: true,
      sshPrivateKey: true,
      changeSeq: true,
      syncedSeq: true,
      liveRevision: true,
      failingSince: true,
    },
  });
}
export type PublishTarget = NonNullable<Awaited<ReturnType<typeof loadPublishTarget>>>;

/**
 * The host's data and the changeSeq it corresponds to, read in one REPEATABLE READ snapshot: every edit
 * bumps changeSeq in its own transaction, so the pair is exact (an edit is either in both or in neither).
 */
export async function loadRenderInput(mailHostId: string, options: { fresh?: boolean } = {}) {
  return db().$transaction(
    async (tx) => {
      const changeSeq = await changeSeqOf(mailHostId, tx);
      // Fresh for the drift check and Sync now: they answer to the database itself, not to what was kept.
      return { changeSeq, snapshot: await (options.fresh ? readAndKeep : snapshotAt)(mailHostId, changeSeq, tx) };
    },
    { isolationLevel: 'RepeatableRead', timeout: 120_000 },
  );
}

export async function currentChangeSeq(mailHostId: string): Promise<bigint> {
  const host = await db().mailHost.findUnique({ where: { id: mailHostId }, select: { changeSeq: true } });
  return host?.changeSeq ?? 0n;
}

/** The sweeper's question: enabled hosts with changes not yet live, or whose last publish failed. */
export async function hostsWaitingForSync(): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "MailHost" WHERE enabled AND ("changeSeq" > "syncedSeq" OR "failingSince" IS NOT NULL)`;
  return rows.map((r) => r.id);
}

/** The drift check's hosts: enabled ones that have something live to drift from. */
export async function publishedHostIds(): Promise<string[]> {
  const rows = await db().mailHost.findMany({
    where: { enabled: true, liveRevision: { gt: 0 } },
    select: { id: true },
    orderBy: { name: 'asc' },
  });
  return rows.map((r) => r.id);
}
