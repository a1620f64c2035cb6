import './server-only';
import { db } from '../db/client';
import { changeSeqOf, readAndKeep, snapshotAt } from './snapshot-cache';

// What the sync worker reads of a host's state: the host to publish, its data at an exact changeSeq, and
// which hosts wait for a publish. Like the run record (lib/data/sync-run-record.ts) it acts for the
// system, not a person, so it takes host ids instead of an actor.

/**
 * What both a publish and the operator's host page read of a host: how to reach it (the SSH key still
 * sealed) and where its sync stands.
 */
export const HOST_CONNECTION = {
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
} as const;

/** Everything a publish needs to know about its host (the sealed SSH key stays sealed here). */
export async function loadPublishTarget(mailHostId: string) {
  return db().mailHost.findUnique({
    where: { id: mailHostId },
    select: { ...HOST_CONNECTION, liveRevision: true, failingSince: true },
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
