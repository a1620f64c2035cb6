import { applyEdit, droppedRuns, patchedFrom, spliced } from './patch-lineage';
import { notePatchedList } from './virtmap-lookup';
import { lowerBound } from './lower-bound';
import type { AliasTarget, MailSnapshot, SnapshotAccount, SnapshotAlias, SnapshotVirtmap, VirtmapTarget } from './snapshot';

// The panel's tenancy rule (docs/tenancy.md), on top of the MTA facts of DOMAIN.md:
//  1. mail for a customer's domain reaches only that customer: a local part goes where the customer's own
//     virtmaps, aliases and accounts send it (inside one customer the classic fall-through stays: `joe`
//     answers at each of its domains without a catch-all) and never to another customer's names; a local
//     part nothing of the customer takes is refused at RCPT as "User unknown" (or, on a strict domain,
//     every address without a virtmap of its own is);
//  2. names are private to a customer: two customers may both have `info`; the host sees `owner-name`;
//  3. postmaster@ and abuse@ every domain stay deliverable (RFC 5321): to the customer's own virtmap for
//     them, else to the mail host's postmaster, and no catch-all takes them.
//
// `hostView` compiles a version 2 snapshot (names in the customers' words, each with its owner) into the
// version 1 snapshot the MTAs are given. The fall-through becomes an implicit catch-all `@d → owner-%1`
// (the local part as one of the owner's names, +detail dropped: sendmail's `%1` does, Postfix's tenant rule does),
// so the renderers, the resolver and the differential tests against real sendmail and Postfix all work on
// plain host views, and one function decides what the rule means. A version 1 snapshot is its own view.

/** A customer's tag: what its names on a host start with (`tag-name`). No "-", so `tag-name` is unique. */
export const OWNER_TAG = /^[a-z0-9]{1,12}$/;
/** The names every domain keeps for the mail host's own people (RFC 5321 §4.5.1, RFC 2142). */
export const ROLE_LOCAL_PARTS = ['postmaster', 'abuse'] as const;
/** What a strict domain answers for an address it does not list: the words of an unknown user. */
export const STRICT_REJECT_TEXT = 'User unknown';

/** Who a name on the host belongs to, in its owner's words. */
export interface OwnedName {
  owner: string;
  name: string;
}

export interface HostViewNames {
  /** Host-level name → its owner and the owner's name for it (accounts and aliases). */
  names: ReadonlyMap<string, OwnedName>;
  /** Domain → owner tag (version 2 only). */
  domainOwners: ReadonlyMap<string, string>;
}

const views = new WeakMap<MailSnapshot, MailSnapshot>();
const tables = new WeakMap<MailSnapshot, HostViewNames>();
const sources = new WeakMap<MailSnapshot, MailSnapshot>();
const EMPTY: HostViewNames = { names: new Map(), domainOwners: new Map() };

/** The name a customer's name has on the host: `owner-name` (the name itself without an owner). */
export function hostName(owner: string | undefined, name: string): string {
  return owner ? `${owner}-${name}` : name;
}

/** True for a snapshot that says who owns what (version 2). */
export function isTenantSnapshot(snapshot: MailSnapshot): boolean {
  return snapshot.version === 2;
}

/**
 * The host view of `snapshot`: itself for version 1 (and for a view), else the compiled version 1
 * snapshot. Cached per snapshot object: the resolver, the checks and the renderers each ask for it.
 */
export function hostView(snapshot: MailSnapshot): MailSnapshot {
  if (snapshot.version !== 2) return snapshot;
  let view = views.get(snapshot);
  if (!view) {
    view = patchedView(snapshot) ?? compileHostView(snapshot, partsOfHosts.has(snapshot));
    views.set(snapshot, view);
    sources.set(view, snapshot);
  }
  return view;
}

/** The host view of `snapshot` if it is compiled already (a version 1 snapshot is its own), else undefined. */
export function compiledHostView(snapshot: MailSnapshot): MailSnapshot | undefined {
  return snapshot.version !== 2 ? snapshot : views.get(snapshot);
}

/** The snapshot a host view was compiled from (a version 1 snapshot is its own view). */
export function viewSource(view: MailSnapshot): MailSnapshot {
  return sources.get(view) ?? view;
}

/** Who owns the names and domains of a host view (empty for a classic host). */
export function viewNames(snapshotOrView: MailSnapshot): HostViewNames {
  const view = hostView(snapshotOrView);
  return tables.get(view) ?? EMPTY;
}

/**
 * The view of each account, alias and virtmap, kept per object (a virtmap's per owner of its domain), for
 * the snapshots that share their objects with others without being their patch: a tenant's part of a host
 * (lib/mail/own-words.ts), cut again from each host a save reviews. Its view then costs a lookup per object
 * instead of a copy. A whole host's compile does not fill it: its view is compiled once, and the hosts
 * patched from it follow the patch (patchedView). At a million addresses, keeping the whole host's objects
 * here cost 0.6-1.7 s more per compile (2.2-3.3 s instead of 1.6-2.5) and 300 MB of heap, in the worker's
 * full render and in the first save after a start (docs/decisions/0011, step 5, "Measured").
 */
const accountViews = new WeakMap<SnapshotAccount, { view: SnapshotAccount; owned?: OwnedName }>();
const aliasViews = new WeakMap<SnapshotAlias, { view: SnapshotAlias; owned?: OwnedName }>();
const virtmapViews = new Map<string, WeakMap<SnapshotVirtmap, SnapshotVirtmap>>();
const partsOfHosts = new WeakSet<MailSnapshot>();

/** Marks `snapshot` as a part of a host that shares its objects (a tenant's cut): its view keeps them. */
export function notePartOfHost(snapshot: MailSnapshot): MailSnapshot {
  partsOfHosts.add(snapshot);
  return snapshot;
}

/**
 * The compiled view of `s`. With `kept` (hostView of a part of a host, and the parts of a patch), each
 * object's view is kept and reused by later compiles; without, every object's view is made anew (a whole
 * host, and what the tests compare a patched view with).
 */
export function compileHostView(s: MailSnapshot, kept = false): MailSnapshot {
  const domainOwners = new Map(Object.entries(s.domainOwners ?? {}));
  const strict = new Set(s.strictDomains ?? []);
  const names = new Map<string, OwnedName>();
  const viewOf = <T extends object>(
    x: T,
    memo: WeakMap<T, { view: T; owned?: OwnedName }>,
    make: (x: T) => { view: T; owned?: OwnedName },
  ) => {
    let entry = kept ? memo.get(x) : undefined;
    if (!entry) {
      entry = make(x);
      if (kept) memo.set(x, entry);
    }
    if (entry.owned) names.set((entry.view as { name: string }).name, entry.owned);
    return entry.view;
  };
  const accounts = s.accounts.map((a) => viewOf(a, accountViews, accountView));
  const aliases = s.aliases.map((a) => viewOf(a, aliasViews, aliasView));
  // Only the keys that decide an implicit entry: a key per virtmap was a million strings on a big host.
  const keys = new Set<string>();
  const virtmaps: SnapshotVirtmap[] = s.virtmaps.map((v) => {
    if (v.localPart === '' || (ROLE_LOCAL_PARTS as readonly string[]).includes(v.localPart)) keys.add(`${v.localPart}@${v.domain}`);
    const owner = domainOwners.get(v.domain);
    if (!kept) return virtmapView(v, owner);
    let byOwner = virtmapViews.get(owner ?? '');
    if (!byOwner) virtmapViews.set(owner ?? '', (byOwner = new WeakMap()));
    let view = byOwner.get(v);
    if (!view) byOwner.set(v, (view = virtmapView(v, owner)));
    return view;
  });
  for (const domain of s.domains) {
    const owner = domainOwners.get(domain);
    if (!owner) continue;
    if (!keys.has(`@${domain}`)) {
      virtmaps.push(
        strict.has(domain)
          ? { domain, localPart: '', target: { kind: 'reject', code: 'unknown', text: STRICT_REJECT_TEXT }, implicit: 'strict' }
          : { domain, localPart: '', target: { kind: 'localPart', prefix: `${owner}-` }, implicit: 'names' },
      );
    }
    for (const role of ROLE_LOCAL_PARTS) {
      if (!keys.has(`${role}@${domain}`))
        virtmaps.push({ domain, localPart: role, target: { kind: 'local', name: role }, implicit: 'postmaster' });
    }
  }
  const view: MailSnapshot = { version: 1, host: s.host, domains: s.domains, accounts, aliases, virtmaps };
  tables.set(view, { names, domainOwners });
  return view;
}

/**
 * The view of a snapshot patched from one whose view is compiled already (lib/mail/snapshot-patch.ts):
 * that view with the patch's edits applied, and the views of the touched objects put in place. What a
 * compile gives, element for element and in order, at the cost of copying the lists (at a million
 * addresses a compile looked up every object: half a second of each save and each publish).
 */
function patchedView(s: MailSnapshot): MailSnapshot | null {
  const patch = patchedFrom(s);
  const from = patch?.from();
  const was = from && views.get(from);
  if (!patch || !from || !was) return null;
  const { parts, edits } = patch;
  const part = compileHostView(parts.after, true);
  const n = from.virtmaps.length;
  const touched = parts.after.virtmaps.length;
  // The users' virtmaps as the patch edited them; the implicit entries follow, by domain in the
  // snapshot's order (code points, as the data layer and the patch keep it): the touched domains' runs
  // of them give way to theirs, found by binary search. One pass over the list (lib/mail/patch-lineage.ts, spliced).
  const implicit = part.virtmaps.slice(touched);
  const search = (before: (v: SnapshotVirtmap) => boolean) => lowerBound(was.virtmaps, before, n);
  const runs = [
    ...droppedRuns(edits.virtmaps.dropped),
    ...[...patch.domains]
      .map((d) => [search((v) => v.domain < d), search((v) => v.domain <= d)] as [number, number])
      .filter(([a, b]) => a < b)
      .sort((x, y) => x[0] - y[0]),
  ];
  const marks = [...edits.virtmaps.marks, ...implicit.map((a) => search((v) => v.domain <= a.domain))];
  const virtmaps = spliced(was.virtmaps, runs, marks, [...part.virtmaps.slice(0, touched), ...implicit]);
  notePatchedList(virtmaps, { from: was.virtmaps, domains: patch.domains });
  const accounts = applyEdit(was.accounts, edits.accounts, part.accounts);
  const aliases = applyEdit(was.aliases, edits.aliases, part.aliases);
  const view: MailSnapshot = { version: 1, host: s.host, domains: s.domains, accounts, aliases, virtmaps };
  // The tables of owners are the old ones where the patch kept every name and every domain's owner (each
  // rebuilt was a tenth to a third of a second at a million addresses).
  const old = tables.get(was) ?? EMPTY;
  const sameNames = sameKeys(parts.before.accounts, parts.after.accounts) && sameKeys(parts.before.aliases, parts.after.aliases);
  const owners = (x: MailSnapshot) => x.domains.map((d) => `${d} ${x.domainOwners?.[d] ?? ''}`).join('\n');
  const sameOwners = owners(parts.before) === owners(parts.after);
  tables.set(view, {
    names: sameNames ? old.names : ownersOfNames(s, accounts, aliases, old.names),
    domainOwners: sameOwners ? old.domainOwners : new Map(Object.entries(s.domainOwners ?? {})),
  });
  return view;
}

/** Whether two lists hold the same names of the same owners, in order. */
function sameKeys(x: readonly { owner?: string; name: string }[], y: readonly { owner?: string; name: string }[]): boolean {
  return x.length === y.length && x.every((a, i) => a.owner === y[i]?.owner && a.name === y[i]?.name);
}

/** The owners of the names, in a compile's order (accounts, then aliases). */
function ownersOfNames(
  s: MailSnapshot,
  accounts: readonly SnapshotAccount[],
  aliases: readonly SnapshotAlias[],
  known: ReadonlyMap<string, OwnedName>,
): Map<string, OwnedName> {
  const names = new Map<string, OwnedName>();
  const own = (given: { owner?: string; name: string }, view: { name: string }) => {
    if (given.owner) names.set(view.name, known.get(view.name) ?? { owner: given.owner, name: given.name });
  };
  s.accounts.forEach((a, i) => own(a, accounts[i] as SnapshotAccount));
  s.aliases.forEach((a, i) => own(a, aliases[i] as SnapshotAlias));
  return names;
}

function accountView(a: SnapshotAccount): { view: SnapshotAccount; owned?: OwnedName } {
  const { owner, ...rest } = a;
  const name = hostName(owner, a.name);
  return { view: { ...rest, name, mailbox: a.mailbox ?? name }, ...(owner ? { owned: { owner, name: a.name } } : {}) };
}

function aliasView(a: SnapshotAlias): { view: SnapshotAlias; owned?: OwnedName } {
  const view = {
    name: hostName(a.owner, a.name),
    targets: a.targets.map((t): AliasTarget =>
      t.kind === 'external' || t.kind === 'discard' ? t : { ...t, name: hostName(a.owner, t.name) },
    ),
  };
  return { view, ...(a.owner ? { owned: { owner: a.owner, name: a.name } } : {}) };
}

function virtmapView(v: SnapshotVirtmap, owner: string | undefined): SnapshotVirtmap {
  return { domain: v.domain, localPart: v.localPart, target: ownedTarget(v.target, owner) };
}

function ownedTarget(target: VirtmapTarget, owner: string | undefined): VirtmapTarget {
  if (!owner) return target;
  if (target.kind === 'local') return { ...target, name: hostName(owner, target.name) };
  if (target.kind === 'localPart') return { ...target, prefix: `${owner}-` };
  return target;
}

/**
 * The tags to try, in order, for a new customer called `name`: its letters and digits (at most 10, lower
 * case; "c" when it has none), then the same numbered (`subhostone`, `subhoston2`, …). The data layer
 * takes the first one no customer has.
 */
export function mailTagCandidates(name: string, count = 50): string[] {
  const base =
    name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]/g, '')
      .toLowerCase()
      .slice(0, 10) || 'c';
  const out = [base];
  for (let n = 2; out.length < count; n += 1) out.push(`${base.slice(0, 10 - String(n).length)}${n}`);
  return out;
}
