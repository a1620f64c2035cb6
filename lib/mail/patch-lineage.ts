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
  const out: T[] = [];
  let at = 0;
  let d = 0;
  const copy = (to: number) => {
    for (; at < to; at += 1) {
      if (edit.dropped[d] === at) d += 1;
      else out.push(list[at] as T);
    }
  };
  edit.marks.forEach((mark, k) => {
    copy(mark);
    out.push(added[k] as T);
  });
  copy(length);
  return out;
}

const lineage = new WeakMap<MailSnapshot, PatchLineage>();

export function recordPatch(after: MailSnapshot, patch: PatchLineage): void {
  lineage.set(after, patch);
}

export function patchedFrom(snapshot: MailSnapshot): PatchLineage | undefined {
  return lineage.get(snapshot);
}
