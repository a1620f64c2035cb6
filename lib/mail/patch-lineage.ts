import type { MailSnapshot } from './snapshot';
import type { SnapshotDelta } from './snapshot-patch';

// Which snapshot a patched one came from (lib/mail/snapshot-patch.ts) and what the patch replaced: what
// is derived from the older one (its host view, its index, the scope of a change) is then derived again
// only for that (docs/decisions/0011, step 3).

/**
 * Which snapshot a patched one came from, and what the patch replaced (domains; accounts and aliases by
 * host-level name): what is derived from the older one (its index: lib/mail/index-patch.ts) is then
 * derived again only for those.
 */
export interface PatchLineage {
  /**
   * The snapshot it was patched from, while something else keeps it: held weakly, or every patched
   * snapshot would keep all its predecessors (a host's worth of arrays each) alive.
   */
  from: () => MailSnapshot | undefined;
  domains: ReadonlySet<string>;
  names: ReadonlySet<string>;
  /** The objects put in place (in the customers' words). */
  delta: SnapshotDelta;
  /** The touched domains and names as they were and are: each side as a snapshot of only those. */
  parts: { before: MailSnapshot; after: MailSnapshot };
  /** How each list was edited (the index of every element dropped and where each added one went). */
  edits: { accounts: ListEdit; aliases: ListEdit; virtmaps: ListEdit };
}

/**
 * An edit of a sorted list: the positions (in the old list) of the elements dropped, ascending, and for
 * each element added, in order, the position in the old list it was put before. Applied to a list of the
 * same length, element for element derived from the old one (a host view's), it gives the list derived
 * from the new one: lib/mail/tenancy.ts patches a host view so.
 */
export interface ListEdit {
  dropped: number[];
  marks: number[];
}

/** `edit` applied to `list` (its first `length` elements), with `added` (one for each mark) put in place. */
export function applyEdit<T>(list: readonly T[], edit: ListEdit, added: readonly T[], length = list.length): T[] {
  if (edit.dropped.length === 0 && edit.marks.length === 0 && length === list.length) return list as T[];
  const runs = droppedRuns(edit.dropped);
  if (length < list.length) runs.push([length, list.length]);
  return spliced(list, runs, edit.marks, added);
}

/** Dropped positions (ascending) as runs [from, to) of consecutive ones. */
export function droppedRuns(dropped: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of dropped) {
    const last = runs[runs.length - 1];
    if (last && last[1] === i) last[1] += 1;
    else runs.push([i, i + 1]);
  }
  return runs;
}

/**
 * `list` without the runs `drop` ([from, to), ascending, apart) and with `add[k]` put before the old
 * element `marks[k]` (ascending), in one pass: a copy with the replaced elements assigned in place where
 * every edit puts back as many as it takes out (most saves), else the kept runs and the added elements
 * written once into a new list. At a million virtmaps a copy costs 20-50 ms here, and a splice in the
 * middle of one as much again (it moves the tail): a save made three such copies, and splices in one.
 */
export function spliced<T>(
  list: readonly T[],
  drop: readonly (readonly [number, number])[],
  marks: readonly number[],
  add: readonly T[],
): T[] {
  const ops = new Map<number, { remove: number; insert: T[] }>();
  const op = (at: number) => {
    let found = ops.get(at);
    if (!found) ops.set(at, (found = { remove: 0, insert: [] }));
    return found;
  };
  for (const [from, to] of drop) op(from).remove = to - from;
  let r = 0;
  marks.forEach((mark, k) => {
    while (r < drop.length && (drop[r] as readonly [number, number])[1] <= mark) r += 1;
    const run = drop[r];
    op(run && run[0] < mark ? run[0] : mark).insert.push(add[k] as T);
  });
  const at = [...ops.keys()].sort((x, y) => x - y);
  if (at.every((a) => ops.get(a)!.remove === ops.get(a)!.insert.length)) {
    const out = list.slice();
    for (const a of at) ops.get(a)!.insert.forEach((x, j) => (out[a + j] = x));
    return out;
  }
  const removed = drop.reduce((sum, [from, to]) => sum + to - from, 0);
  const out = new Array<T>(list.length - removed + marks.length);
  let w = 0;
  let pos = 0;
  for (const a of at) {
    const { remove, insert } = ops.get(a)!;
    for (let i = pos; i < a; i += 1) out[w++] = list[i] as T;
    for (const x of insert) out[w++] = x;
    pos = Math.max(pos, a + remove);
  }
  for (let i = pos; i < list.length; i += 1) out[w++] = list[i] as T;
  return out;
}

const lineage = new WeakMap<MailSnapshot, PatchLineage>();

export function recordPatch(after: MailSnapshot, patch: PatchLineage): void {
  lineage.set(after, patch);
}

export function patchedFrom(snapshot: MailSnapshot): PatchLineage | undefined {
  return lineage.get(snapshot);
}
