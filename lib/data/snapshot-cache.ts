import './server-only';
import { isDeepStrictEqual } from 'node:util';
import type { Tx } from '../db/client';
import type { MailSnapshot } from '../mail/snapshot';
import { derivedDifferences } from '../mail/derived-check';
import { journaledHost } from './save-journal';
import { readHostSnapshot } from './snapshots';

// The last snapshots this process read, by host and changeSeq. A save's review reads the whole host before
// its write, the worker reads it again to publish, a trace once more: each read of a big host takes seconds
// (docs/publishing.md, figures: "snapshot read"). Every change to a host's mail data bumps MailHost.changeSeq in its own
// transaction (markHostChanged), so data read at changeSeq N is the host's data for as long as the host is
// still at N: a snapshot is reused only for the very changeSeq it was read at.
//
// An entry is exact: a read is kept only if changeSeq, read before the data and again after it in the same
// transaction, did not move (under READ COMMITTED a commit landing during the read, even one the read saw
// only half of, moves it: every commit of mail data bumps it). A save keeps its "after" only under its own
// bump, when no other bump came between. The same object is handed to every caller: snapshots are never
// modified (lib/mail is pure, and caches its indexes per snapshot object, which this keeps warm as well).
//
// A snapshot kept at an older changeSeq is brought forward with the save journal where it vouches for every
// change between (lib/data/save-journal.ts); a save's "after" is its "before" patched the same way.
//
// MAILPANEL_VERIFY_SNAPSHOT_CACHE=1 (the test suites set it) reads the host again on every hit and on every
// patch, and throws if they differ: a write path that forgot markHostChanged, or a write the journal missed,
// shows up as a failing test.

/** Hosts kept, and for how long: the review of a save and its confirmation, the publish after it. */
const KEEP_HOSTS = 4;
const KEEP_MS = 10 * 60_000;

interface Entry {
  seq: bigint;
  snapshot: MailSnapshot;
  at: number;
}

// On globalThis: Next.js may load this module more than once in one process (the worker started by the
// instrumentation hook, the server actions), and they must share one cache and its bound.
const holder = globalThis as unknown as { mailpanelSnapshots?: Map<string, Entry> };
const entries = (holder.mailpanelSnapshots ??= new Map<string, Entry>());

export class StaleSnapshotError extends Error {}

/** The host's snapshot at `seq`, which the caller read in `tx` before asking: from memory, or read and kept. */
export async function snapshotAt(mailHostId: string, seq: bigint, tx: Tx): Promise<MailSnapshot> {
  const hit = entries.get(mailHostId);
  if (hit && hit.seq === seq && Date.now() - hit.at < KEEP_MS) {
    if (process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE === '1') await verify(mailHostId, hit, tx);
    hit.at = Date.now();
    return hit.snapshot;
  }
  // Kept at an older changeSeq (the worker, at the one it last published): patched with what the saves
  // since touched, where the journal vouches for every changeSeq between (lib/data/save-journal.ts).
  if (hit && hit.seq < seq && Date.now() - hit.at < KEEP_MS) {
    const patched = await journaledHost(mailHostId, hit.snapshot, tx, { from: hit.seq, to: seq });
    if (patched) {
      await checkPatch(mailHostId, patched, tx, hit.snapshot);
      if ((await changeSeqOf(mailHostId, tx)) === seq) rememberSnapshot(mailHostId, seq, patched);
      return patched;
    }
  }
  return readAndKeep(mailHostId, seq, tx);
}

/**
 * The host as a save's transaction sees it after its writes: `before` (the host at `seq`) patched with
 * what the writes touched, or read whole where that cannot be trusted (another commit moved changeSeq
 * since `seq`: its writes are not in this journal; or the journal declines: lib/data/save-journal.ts).
 */
export async function hostAfterWrites(mailHostId: string, before: MailSnapshot, seq: bigint, tx: Tx): Promise<MailSnapshot> {
  const patched = (await changeSeqOf(mailHostId, tx)) === seq ? await journaledHost(mailHostId, before, tx) : null;
  if (!patched) return readHostSnapshot(mailHostId, tx);
  await checkPatch(mailHostId, patched, tx, before);
  return patched;
}

/** In the test suites, every patched host is compared with a whole read of it. */
async function checkPatch(mailHostId: string, patched: MailSnapshot, tx: Tx, from: MailSnapshot): Promise<void> {
  if (process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE !== '1') return;
  const whole = await readHostSnapshot(mailHostId, tx);
  if (!isDeepStrictEqual(whole, patched)) {
    throw new StaleSnapshotError(
      `The snapshot of mail host ${mailHostId} patched from the save journal differs from the database: a write is not journaled, or the patch misplaces it.`,
    );
  }
  const differences = derivedDifferences(patched, whole, [from, whole]);
  if (differences.length > 0) {
    throw new StaleSnapshotError(
      `The host view or index of mail host ${mailHostId}'s patched snapshot differs from a whole read's: ${differences.slice(0, 5).join(', ')}.`,
    );
  }
}

/**
 * Reads the host afresh, and keeps it if changeSeq is still `seq` afterwards. An older kept snapshot goes
 * first, so two are not held at once.
 */
export async function readAndKeep(mailHostId: string, seq: bigint, tx: Tx): Promise<MailSnapshot> {
  if ((entries.get(mailHostId)?.seq ?? seq) <= seq) entries.delete(mailHostId);
  const snapshot = await readHostSnapshot(mailHostId, tx);
  if ((await changeSeqOf(mailHostId, tx)) === seq) rememberSnapshot(mailHostId, seq, snapshot);
  return snapshot;
}

/**
 * Whether this process keeps the host (at any changeSeq, not yet expired): a publish then starts from it,
 * and one that reads the host anyway keeps what it reads (lib/sync/run-publish.ts).
 */
export function isHostKept(mailHostId: string): boolean {
  const hit = entries.get(mailHostId);
  return hit !== undefined && Date.now() - hit.at < KEEP_MS;
}

/** Keeps `snapshot` as the host's data at `seq` (read after `seq` was, or written under the host's bump to it). */
export function rememberSnapshot(mailHostId: string, seq: bigint, snapshot: MailSnapshot): void {
  const current = entries.get(mailHostId);
  if (current && current.seq > seq) return; // a newer one is kept already
  entries.delete(mailHostId);
  entries.set(mailHostId, { seq, snapshot, at: Date.now() });
  while (entries.size > KEEP_HOSTS) entries.delete(entries.keys().next().value as string);
}

/** The host's changeSeq as `tx` sees it now: read it before the data it stands for. */
export async function changeSeqOf(mailHostId: string, tx: Tx): Promise<bigint> {
  return (await tx.mailHost.findUniqueOrThrow({ where: { id: mailHostId }, select: { changeSeq: true } })).changeSeq;
}

async function verify(mailHostId: string, hit: Entry, tx: Tx): Promise<void> {
  const fresh = await readHostSnapshot(mailHostId, tx);
  // A commit during the fresh read (outside REPEATABLE READ) makes it no measure of `hit.seq`.
  if ((await changeSeqOf(mailHostId, tx)) !== hit.seq || isDeepStrictEqual(fresh, hit.snapshot)) return;
  entries.delete(mailHostId);
  throw new StaleSnapshotError(
    `The kept snapshot of mail host ${mailHostId} at changeSeq ${hit.seq} differs from the database: a write changed its mail data without markHostChanged.`,
  );
}
