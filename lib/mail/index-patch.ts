import { indexSnapshot, type KeyMap, type KeySet, type MailIndex } from './mail-index';
import type { MailSnapshot, SnapshotAlias, SnapshotVirtmap } from './snapshot';
import { sortedVirtmapsOfDomains } from './virtmap-lookup';

// The index of a host view patched from another's: the older index answers every key the patch did not
// touch, fresh maps answer the touched domains and names. Building a whole index was a third of a save's
// review at a million addresses (docs/decisions/0011, step 3); this costs one pass over the view to find
// the objects of the touched domains and names (about a tenth of a second at a million).

/** What a patch replaced, lower case: whole domains (their virtmaps and whether they are on the host) and names. */
export interface IndexPatch {
  domains: ReadonlySet<string>;
  /** Host-level names (`owner-name`): their accounts and aliases. */
  names: ReadonlySet<string>;
}

/** Past this many replaced domains and names an index is built whole again (the overlay stays small). */
const MOST_REPLACED = 20_000;

/**
 * The index of `view`, which is `base`'s view with `patch`'s domains and names replaced, or null when so
 * much is replaced that a whole index is cheaper to keep. The caller then indexes whole.
 */
export function patchIndex(base: MailIndex, view: MailSnapshot, patch: IndexPatch): MailIndex | null {
  const root = base instanceof Overlay ? base.root : base;
  const earlier = base instanceof Overlay ? base.replaced : EMPTY_REPLACED;
  const lower = (key: string) => key.toLowerCase();
  const domains = new Set([...earlier.domains, ...[...patch.domains].map(lower)]);
  const names = new Set([...earlier.names, ...[...patch.names].map(lower)]);
  if (domains.size + names.size > MOST_REPLACED) return null;
  // The replaced part of the view, every object whose key folds into it, indexed as indexSnapshot does:
  // its rules (first key wins, wildcard keys on Postfix) then apply among exactly the objects a whole
  // index would weigh for those keys (a virtmap's key is of its domain).
  const part = indexSnapshot(
    {
      ...view,
      domains: view.domains.filter((d) => domains.has(lower(d))),
      accounts: view.accounts.filter((a) => names.has(lower(a.name))),
      aliases: view.aliases.filter((a) => names.has(lower(a.name))),
      // A patched view's lists come from the database's snapshots (lower case, in domain order): its
      // domains' runs are found by binary search, not by a pass over a million virtmaps.
      virtmaps: sortedVirtmapsOfDomains(view.virtmaps, domains) ?? view.virtmaps.filter((v) => domains.has(lower(v.domain))),
    },
    root.flavor,
  );
  return new Overlay(root, { domains, names }, part);
}

const EMPTY_REPLACED: IndexPatch = { domains: new Set(), names: new Set() };

/** A whole index with some domains and names answered by a fresh one. */
class Overlay implements MailIndex {
  readonly flavor;
  readonly domains: KeySet;
  readonly accounts: KeySet;
  readonly aliases: KeyMap<SnapshotAlias>;
  readonly virtmaps: KeyMap<SnapshotVirtmap>;

  constructor(
    readonly root: MailIndex,
    readonly replaced: IndexPatch,
    part: MailIndex,
  ) {
    this.flavor = root.flavor;
    const byDomain = (key: string) => replaced.domains.has(key);
    const byName = (key: string) => replaced.names.has(key);
    const ofKey = (key: string) => replaced.domains.has(key.slice(key.lastIndexOf('@') + 1));
    this.domains = layered(root.domains, part.domains, byDomain);
    this.accounts = layered(root.accounts, part.accounts, byName);
    this.aliases = layered(root.aliases, part.aliases, byName);
    this.virtmaps = layered(root.virtmaps, part.virtmaps, ofKey);
  }
}

function layered<M extends KeySet>(root: M, part: M, isReplaced: (key: string) => boolean): M {
  return {
    has: (key: string) => (isReplaced(key) ? part : root).has(key),
    get: (key: string) => ((isReplaced(key) ? part : root) as unknown as KeyMap<unknown>).get(key),
  } as unknown as M;
}
