import type { AliasTarget, MailSnapshot, SnapshotVirtmap, VirtmapTarget } from './snapshot';
import { patchedFrom, type PatchLineage } from './patch-lineage';
import type { SnapshotDelta } from './snapshot-patch';
import { formatAliasTarget } from './targets';
import { compiledHostView, compileHostView, viewSource } from './tenancy';
import { splitDetail } from './virtmap-lookup';
import { reachBack } from './scope-reach';

// Which part of a host a change can have touched, so the write-time checks follow again only the routes
// that may differ (the whole of a big host is far too slow for a save: docs/publishing.md, figures: "whole-host checks").
//
// The host is a graph: a domain's virtmaps lead to names (local targets, and the local part itself where
// `%1` or a missing catch-all passes it on) and to other domains (address targets, redirects); an alias
// leads to names and domains the same way. A route can only change if it passes a domain or a name the
// change touched, so the scope is every domain and name that leads to a touched one, over the edges of
// both snapshots. Deliberately generous: an edge too many costs a few traces, one too few would let an
// error through (change-scope.test.ts compares with following every route, on random hosts and changes).

export interface ChangeScope {
  /** Domains whose routes may differ: their values are checked and their addresses followed again. */
  domains: ReadonlySet<string>;
  /** Account and alias names whose values or expansion may differ. */
  names: ReadonlySet<string>;
  /** Whether any account or alias was added, removed or changed (else only virtmaps and domains were). */
  namesTouched: boolean;
}

/**
 * The scope of the change from `before` to `after`, or null when either holds a name or domain with
 * capitals: not the form the panel stores (the resolver folds case, this comparison does not), so the
 * caller follows every route instead.
 */
export function changeScope(before: MailSnapshot, after: MailSnapshot): ChangeScope | null {
  // Between a host view and the view of a snapshot patched from it (lib/mail/snapshot-patch.ts), what
  // changed is among what the patch replaced: only those parts are compared, not the two hosts.
  const patch = patchBetweenViews(before, after);
  if (!lowerCase(before) || !(patch ? lowerCasePatch(before, after, patch.delta) : lowerCase(after))) return null;
  const [was, will] = patch ? [compileHostView(patch.parts.before), compileHostView(patch.parts.after)] : [before, after];
  const domains = touchedDomains(was, will);
  const names = touchedNames(was, will);
  const namesTouched = names.size > 0;
  // The edges of both hosts. With a patch, those of `after` are enough: the two differ only in edges from
  // the domains and names the patch changed, which are in the scope already (an edge counts only from
  // outside it), and following the same edges twice finds nothing more. They are followed backwards from
  // what the change touched (lib/mail/scope-reach.ts), at the cost of what they reach.
  if (patch) {
    reachBack(after, catchAllsAfterPatch(before, after, patch.domains, will), domains, names, {
      view: before,
      domains: patch.domains,
      names: patch.names,
    });
    return { domains, names, namesTouched };
  }
  const graphs = [before, after];
  const catchAlls = [catchAllDomains(before), catchAllDomains(after)];
  // Until nothing more is reached: each pass is a scan without allocation; chains are short.
  for (let grew = true; grew;) {
    grew = false;
    for (const [k, s] of graphs.entries()) {
      const catchAll = catchAlls[k] as DomainSet;
      for (const v of s.virtmaps) {
        if (!domains.has(v.domain) && virtmapReaches(v, !catchAll.has(v.domain), domains, names)) grew = Boolean(domains.add(v.domain));
      }
      for (const a of s.aliases) {
        if (!names.has(a.name) && a.targets.some((t) => aliasTargetReaches(t, domains, names))) grew = Boolean(names.add(a.name));
      }
    }
  }
  return { domains, names, namesTouched };
}

/**
 * Whether a text has capitals, in any script: the index the scoped checks look names up in folds case
 * with toLowerCase, so only a text it leaves as it is reads the same there (an ASCII test would let `jÖrg`
 * through).
 */
const hasCapitals = (text: string) => text !== text.toLowerCase();

/** Which domains have a catch-all: only asked `has` of. */
interface DomainSet {
  has(domain: string): boolean;
}

/** The domains with a catch-all, kept per host view (a scan of every virtmap). */
function catchAllDomains(s: MailSnapshot): DomainSet {
  let known = catchAllSets.get(s);
  if (!known) catchAllSets.set(s, (known = new Set(s.virtmaps.filter((v) => v.localPart === '').map((v) => v.domain))));
  return known;
}

/**
 * catchAllDomains of `after`, patched from `before` in `domains`, whose virtmaps now are `part`'s: the
 * whole set of an earlier view with the patched domains' answers laid over it (a copy of a set of every
 * domain was tens of milliseconds of each save at 100,000 domains).
 */
function catchAllsAfterPatch(before: MailSnapshot, after: MailSnapshot, domains: ReadonlySet<string>, part: MailSnapshot): DomainSet {
  const known = catchAllSets.get(after);
  if (known) return known;
  const base = catchAllDomains(before);
  const root = base instanceof LayeredSet ? base.root : base;
  const changed = new Map(base instanceof LayeredSet ? base.changed : []);
  for (const d of domains) changed.set(d, false);
  for (const v of part.virtmaps) if (v.localPart === '') changed.set(v.domain, true);
  const patched = changed.size > MOST_LAYERED ? flatten(root, changed) : new LayeredSet(root, changed);
  catchAllSets.set(after, patched);
  return patched;
}

/** Past this many domains laid over it, a set is made whole again. */
const MOST_LAYERED = 20_000;

class LayeredSet implements DomainSet {
  constructor(
    readonly root: DomainSet,
    readonly changed: ReadonlyMap<string, boolean>,
  ) {}

  has(domain: string): boolean {
    return this.changed.get(domain) ?? this.root.has(domain);
  }
}

function flatten(root: DomainSet, changed: ReadonlyMap<string, boolean>): DomainSet {
  const out = new Set([...(root as Set<string>)]);
  for (const [d, has] of changed) {
    if (has) out.add(d);
    else out.delete(d);
  }
  return out;
}

const catchAllSets = new WeakMap<MailSnapshot, DomainSet>();

/** Names, domains, keys and local targets as the panel stores them (addresses are folded where compared). */
function lowerCase(s: MailSnapshot): boolean {
  let known = lowerCases.get(s);
  if (known === undefined) lowerCases.set(s, (known = computeLowerCase(s)));
  return known;
}

const lowerCases = new WeakMap<MailSnapshot, boolean>();

/**
 * Whether the view `after`, patched from `before` (lower case), is: the patch's own objects decide, as
 * their views differ from them only by lower-case owner tags and the panel's implicit entries.
 */
function lowerCasePatch(before: MailSnapshot, after: MailSnapshot, delta: SnapshotDelta): boolean {
  const known = lowerCases.get(after);
  if (known !== undefined) return known;
  const own = computeLowerCase({
    ...before,
    domains: delta.domains.map((d) => d.name),
    accounts: [...delta.accounts],
    aliases: [...delta.aliases],
    virtmaps: [...delta.virtmaps],
  });
  lowerCases.set(after, own);
  return own;
}

function computeLowerCase(s: MailSnapshot): boolean {
  return (
    !s.domains.some((d) => hasCapitals(d)) &&
    !s.accounts.some((a) => hasCapitals(a.name)) &&
    !s.aliases.some(
      (a) => hasCapitals(a.name) || a.targets.some((t) => (t.kind === 'local' || t.kind === 'account') && hasCapitals(t.name)),
    ) &&
    !s.virtmaps.some(
      (v) =>
        hasCapitals(v.domain) ||
        hasCapitals(v.localPart) ||
        (v.target.kind === 'local' && hasCapitals(v.target.name)) ||
        (v.target.kind === 'domainRedirect' && hasCapitals(v.target.domain)),
    )
  );
}

function virtmapReaches(v: SnapshotVirtmap, noCatchAll: boolean, domains: ReadonlySet<string>, names: ReadonlySet<string>): boolean {
  // Without a catch-all, `key+detail` (an address the checks follow) falls to the local name.
  if (noCatchAll && v.localPart !== '' && names.has(userOf(v.localPart))) return true;
  const t = v.target;
  switch (t.kind) {
    case 'local':
      return names.has(t.name);
    case 'external':
      return addressReaches(t.address, domains, names);
    // `%1` passes any local part on: to whichever name, or whichever key of the other domain.
    case 'domainRedirect':
      return domains.has(t.domain) || names.size > 0;
    case 'localPart':
      return names.size > 0;
    case 'reject':
      return false;
  }
}

function aliasTargetReaches(t: AliasTarget, domains: ReadonlySet<string>, names: ReadonlySet<string>): boolean {
  if (t.kind === 'discard') return false;
  return t.kind === 'external' ? addressReaches(t.address, domains, names) : names.has(t.name);
}

/** An address leads to its domain's virtmaps and, where none takes it (or it is the host's own), to the name. */
function addressReaches(address: string, domains: ReadonlySet<string>, names: ReadonlySet<string>): boolean {
  const at = address.lastIndexOf('@');
  return domains.has(address.slice(at + 1).toLowerCase()) || names.has(userOf(address.slice(0, at)).toLowerCase());
}

/** Domains added or removed, and domains with a virtmap added, removed or pointed elsewhere. */
function touchedDomains(before: MailSnapshot, after: MailSnapshot): Set<string> {
  const touched = new Set<string>();
  const was = new Set(before.domains);
  const will = new Set(after.domains);
  for (const d of before.domains) if (!will.has(d)) touched.add(d);
  for (const d of after.domains) if (!was.has(d)) touched.add(d);
  const a = sortedVirtmaps(before.virtmaps);
  const b = sortedVirtmaps(after.virtmaps);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    const order = !x ? 1 : !y ? -1 : compareKeys(x, y);
    if (order < 0) touched.add((x as SnapshotVirtmap).domain);
    if (order > 0) touched.add((y as SnapshotVirtmap).domain);
    if (order === 0 && !sameTarget((x as SnapshotVirtmap).target, (y as SnapshotVirtmap).target))
      touched.add((x as SnapshotVirtmap).domain);
    if (order <= 0) i += 1;
    if (order >= 0) j += 1;
  }
  return touched;
}

/** Accounts and aliases added, removed or changed (an alias over an account of its name is one name). */
function touchedNames(before: MailSnapshot, after: MailSnapshot): Set<string> {
  const signatures = (s: MailSnapshot) => {
    // Appended, not set: a name given twice (a rename onto an existing one) differs from once.
    const out = new Map<string, string>();
    for (const a of s.accounts) out.set(a.name, `${out.get(a.name) ?? ''} account`);
    for (const a of s.aliases) out.set(a.name, `${out.get(a.name) ?? ''} alias ${a.targets.map(formatAliasTarget).join(' ')}`);
    return out;
  };
  const was = signatures(before);
  const will = signatures(after);
  const touched = new Set<string>();
  for (const [name, signature] of will) if (was.get(name) !== signature) touched.add(name);
  for (const name of was.keys()) if (!will.has(name)) touched.add(name);
  return touched;
}

/** The data layer's snapshots come sorted by domain and key (code points); others are sorted here. */
function sortedVirtmaps(virtmaps: readonly SnapshotVirtmap[]): readonly SnapshotVirtmap[] {
  for (let k = 1; k < virtmaps.length; k += 1) {
    if (compareKeys(virtmaps[k - 1] as SnapshotVirtmap, virtmaps[k] as SnapshotVirtmap) > 0) return [...virtmaps].sort(compareKeys);
  }
  return virtmaps;
}

/** Virtmaps in the data layer's order: by domain, then local part, by code point. */
export function compareKeys(x: SnapshotVirtmap, y: SnapshotVirtmap): number {
  if (x.domain !== y.domain) return x.domain < y.domain ? -1 : 1;
  return x.localPart < y.localPart ? -1 : x.localPart > y.localPart ? 1 : 0;
}

function sameTarget(x: VirtmapTarget, y: VirtmapTarget): boolean {
  if (x.kind !== 'reject' && y.kind !== 'reject' && (x.keepDetail ?? false) !== (y.keepDetail ?? false)) return false;
  switch (x.kind) {
    case 'local':
      return y.kind === 'local' && x.name === y.name && x.detail === y.detail;
    case 'external':
      return y.kind === 'external' && x.address === y.address;
    case 'domainRedirect':
      return y.kind === 'domainRedirect' && x.domain === y.domain;
    case 'localPart':
      return y.kind === 'localPart';
    case 'reject':
      return y.kind === 'reject' && x.code === y.code && x.text === y.text;
  }
}

const userOf = (local: string) => splitDetail(local).user;

/**
 * The patch that made host view `after` from host view `before` (both compiled from snapshots, the later
 * patched from the earlier), or undefined when they are not so related.
 */
function patchBetweenViews(before: MailSnapshot, after: MailSnapshot): PatchLineage | undefined {
  const source = viewSource(after);
  if (source === after) return undefined;
  const patch = patchedFrom(source);
  const from = patch?.from();
  return from && compiledHostView(from) === before ? patch : undefined;
}
