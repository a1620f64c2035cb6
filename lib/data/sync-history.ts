import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { NotFoundError } from './errors';
import { assertKind } from './guard';
import { parseCursor } from '../validation/list-query';
import { pageArgs, toPage } from './paging';
import { mailHostScope } from './scope';
import { unpackText } from './sync-file-text';

// The history of publishes (SyncRun, SyncFile), for operators only: a run's files hold every tenant's mail
// data on the host, and a tool's error text may quote any of it. Resellers see their hosts' status on the
// mail hosts page instead (lib/data/mail-hosts.ts), never a run. The worker writes this history
// (lib/data/sync-run-record.ts).

const RUN_SUMMARY = {
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
} as const;

/**
 * A host's runs, newest first; `before` is the last run of the previous page. A cursor that is not a run
 * id at all reads as the first page: Postgres would refuse it as a uuid (a 500 on the page), and it comes
 * straight from the address.
 */
export async function listSyncRuns(actor: Actor, mailHostId: string, before?: string) {
  assertKind(actor, 'admin', 'support');
  const rows = await db().syncRun.findMany({
    where: { mailHostId, mailHost: mailHostScope(actor) },
    ...pageArgs(parseCursor(before), [{ startedAt: 'desc' as const }, { id: 'desc' as const }]),
    select: { ...RUN_SUMMARY, _count: { select: { files: { where: { changed: true } } } } },
  });
  return toPage(rows);
}

/**
 * A run with each file and, for files that changed, what changed: the diff the worker kept, or (where it
 * kept the text instead) the text before (previous revision) and after, which the page diffs.
 */
export async function getSyncRun(actor: Actor, runId: string) {
  assertKind(actor, 'admin', 'support');
  const run = await db().syncRun.findFirst({
    where: { id: runId, mailHost: mailHostScope(actor) },
    select: {
      ...RUN_SUMMARY,
      mailHost: { select: { id: true, name: true, flavor: true, liveRevision: true } },
      files: { orderBy: { name: 'asc' }, select: { name: true, sha256: true, size: true, changed: true, contentGz: true, diff: true } },
    },
  });
  if (!run) throw new NotFoundError('That sync run');
  const files = await Promise.all(
    run.files.map(async (file) => ({
      name: file.name,
      sha256: file.sha256,
      size: file.size,
      changed: file.changed,
      diff: file.changed ? (file.diff ?? null) : null,
      after: file.changed && file.diff === null ? unpackText(file.contentGz) : null,
      before: file.changed && file.diff === null && run.revision ? await previousContent(run.mailHost.id, file.name, run.revision) : null,
    })),
  );
  return { ...run, files };
}

/**
 * The text of a file as the last revision before `revision` published it ('' when it is new): the text of
 * the last earlier revision that changed it, if that revision kept its text (not pruned, nor kept as a diff).
 */
async function previousContent(mailHostId: string, name: string, revision: number): Promise<string | null> {
  // A file the revision before did not have (an autoreply switched off, then on again) was empty then.
  const last = await db().syncRun.findFirst({
    where: { mailHostId, status: 'SUCCEEDED', revision: { lt: revision } },
    orderBy: { revision: 'desc' },
    select: { files: { where: { name }, select: { id: true } } },
  });
  if (!last || last.files.length === 0) return '';
  const previous = await db().syncFile.findFirst({
    where: { name, changed: true, run: { mailHostId, revision: { lt: revision } } },
    orderBy: { run: { revision: 'desc' } },
    select: { contentGz: true },
  });
  if (previous) return unpackText(previous.contentGz);
  // No earlier revision changed it: the first one to have it kept its text.
  const first = await db().syncFile.findFirst({
    where: { name, contentGz: { not: null }, run: { mailHostId, revision: { lt: revision } } },
    orderBy: { run: { revision: 'desc' } },
    select: { contentGz: true },
  });
  return first ? unpackText(first.contentGz) : '';
}
