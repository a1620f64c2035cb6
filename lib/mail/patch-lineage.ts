import type { MailSnapshot } from './snapshot';
import type { SnapshotDelta } from './snapshot-patch';
import { compiledHostView, viewSource } from './tenancy';

// Which snapshot a patched one came from (lib/mail/snapshot-patch.ts) and what the patch replaced: what
// is derived from the older one (its host view, its index, the scope of a change) is then derived again
// only for that (docs/decisions/0011, step 3).

/**
 * Which snapshot a patched one came from, and what the patch replaced (domains; accounts and aliases by
 * host-level name): what is derived from the older one (its index: lib/mail/index-patch.ts) is then
 * derived again only for those.
 */
export interface PatchLineage {
  from: MailSnapshot;
  domains: ReadonlySet<string>;
  names: ReadonlySet<string>;
  /** The objects put in place (in the customers' words). */
  delta: SnapshotDelta;
  /** The touched domains and names as they were and are: each side as a snapshot of only those. */
  parts: { before: MailSnapshot; after: MailSnapshot };
}

/**
 * The patch that made host view `after` from host view `before` (both compiled from snapshots, the later
 * patched from the earlier), or undefined when they are not so related.
 */
export function patchBetweenViews(before: MailSnapshot, after: MailSnapshot): PatchLineage | undefined {
  const source = viewSource(after);
  if (source === after) return undefined;
  const patch = lineage.get(source);
  return patch && compiledHostView(patch.from) === before ? patch : undefined;
}

const lineage = new WeakMap<MailSnapshot, PatchLineage>();

export function recordPatch(after: MailSnapshot, patch: PatchLineage): void {
  lineage.set(after, patch);
}

export function patchedFrom(snapshot: MailSnapshot): PatchLineage | undefined {
  return lineage.get(snapshot);
}
