import type { AliasTarget, MailSnapshot, SnapshotVirtmap } from './snapshot';
import { sortedVirtmapsOfDomains, splitDetail } from './virtmap-lookup';

// What reaches what in a host view, backwards: for each name and domain, the domains whose virtmaps and
// the aliases whose targets lead to it (lib/mail/change-scope.ts says which edges count). The scope of a
// change is everything that leads to what it touched; following these edges back from the touched part
// costs what is reached, where a scan of every virtmap and alias per round cost a tenth of a second of
// every save at a million addresses (docs/decisions/0011, step 3).
//
// Kept per host view. A view patched from another (lib/mail/patch-lineage.ts) shares its predecessor's
// edges and has those of the replaced domains and names made again from its own objects, as the index
// overlay does (lib/mail/index-patch.ts).

/** The edges of some virtmaps and aliases, backwards. */
interface Edges {
  /** Name → the domains with a virtmap leading to it; the aliases with a target leading to it. */
  nameDomains: Map<string, string[]>;
  nameAliases: Map<string, string[]>;
  /** Domain → the same. */
  domainDomains: Map<string, string[]>;
  domainAliases: Map<string, string[]>;
  /** Domains with a virtmap that passes any local part on (`%1`, `%1@other`): they lead to every name. */
  anyName: Set<string>;
}

/** A view's edges: a whole set, less the replaced domains' and names', plus theirs made again. */
interface ReverseEdges {
  root: Edges;
  dropped: { domains: ReadonlySet<string>; aliases: ReadonlySet<string> };
  part: Edges;
}

/** Past this many replaced domains and names the edges are made whole again (the part stays small). */
const MOST_REPLACED = 20_000;

const kept = new WeakMap<MailSnapshot, ReverseEdges>();

/**
 * The scope `domains` and `names` (changed in place) grown by everything in `view` that leads to them.
 * `catchAll`: the view's domains with a catch-all. `from`: the view this one was patched from and what
 * the patch replaced (domains; names on the host), if it was.
 */
export function reachBack(
  view: MailSnapshot,
  catchAll: { has(domain: string): boolean },
  domains: Set<string>,
  names: Set<string>,
  from?: { view: MailSnapshot; domains: ReadonlySet<string>; names: ReadonlySet<string> },
): void {
  const edges = reverseEdges(view, catchAll, from);
  const queuedDomains = [...domains];
  const queuedNames = [...names];
  const addDomain = (d: string) => {
    if (domains.has(d)) return;
    domains.add(d);
    queuedDomains.push(d);
  };
  const addName = (n: string) => {
    if (names.has(n)) return;
    names.add(n);
    queuedNames.push(n);
  };
  let anyNameDone = false;
  for (;;) {
    if (!anyNameDone && names.size > 0) {
      anyNameDone = true;
      eachDomain(edges, (e) => e.anyName, addDomain);
    } else if (queuedNames.length > 0) {
      const n = queuedNames.pop() as string;
      each(edges, (e) => e.nameDomains.get(n), addDomain, 'domains');
      each(edges, (e) => e.nameAliases.get(n), addName, 'aliases');
    } else if (queuedDomains.length > 0) {
      const d = queuedDomains.pop() as string;
      each(edges, (e) => e.domainDomains.get(d), addDomain, 'domains');
      each(edges, (e) => e.domainAliases.get(d), addName, 'aliases');
    } else return;
  }
}

/** The sources `get` finds in the root (less the replaced ones) and in the part. */
function each(
  edges: ReverseEdges,
  get: (e: Edges) => readonly string[] | undefined,
  add: (x: string) => void,
  kind: 'domains' | 'aliases',
) {
  const dropped = edges.dropped[kind];
  for (const x of get(edges.root) ?? []) if (!dropped.has(x)) add(x);
  for (const x of get(edges.part) ?? []) add(x);
}

function eachDomain(edges: ReverseEdges, get: (e: Edges) => ReadonlySet<string>, add: (x: string) => void) {
  for (const x of get(edges.root)) if (!edges.dropped.domains.has(x)) add(x);
  for (const x of get(edges.part)) add(x);
}

function reverseEdges(
  view: MailSnapshot,
  catchAll: { has(domain: string): boolean },
  from?: { view: MailSnapshot; domains: ReadonlySet<string>; names: ReadonlySet<string> },
): ReverseEdges {
  const known = kept.get(view);
  if (known) return known;
  const base = from && kept.get(from.view);
  let made: ReverseEdges | undefined;
  if (base && from) {
    const domains = new Set([...base.dropped.domains, ...from.domains]);
    const aliases = new Set([...base.dropped.aliases, ...from.names]);
    if (domains.size + aliases.size <= MOST_REPLACED) {
      const virtmaps = sortedVirtmapsOfDomains(view.virtmaps, domains) ?? view.virtmaps.filter((v) => domains.has(v.domain));
      made = {
        root: base.root,
        dropped: { domains, aliases },
        part: edgesOf(
          virtmaps,
          view.aliases.filter((a) => aliases.has(a.name)),
          catchAll,
        ),
      };
    }
  }
  made ??= { root: edgesOf(view.virtmaps, view.aliases, catchAll), dropped: { domains: new Set(), aliases: new Set() }, part: EMPTY };
  kept.set(view, made);
  return made;
}

const EMPTY: Edges = {
  nameDomains: new Map(),
  nameAliases: new Map(),
  domainDomains: new Map(),
  domainAliases: new Map(),
  anyName: new Set(),
};

/** The edges of `virtmaps` and `aliases`, backwards, as change-scope.ts's virtmapReaches and aliasTargetReaches read them forwards. */
function edgesOf(
  virtmaps: readonly SnapshotVirtmap[],
  aliases: MailSnapshot['aliases'],
  catchAll: { has(domain: string): boolean },
): Edges {
  const e: Edges = {
    nameDomains: new Map(),
    nameAliases: new Map(),
    domainDomains: new Map(),
    domainAliases: new Map(),
    anyName: new Set(),
  };
  const push = (map: Map<string, string[]>, key: string, source: string) => {
    const list = map.get(key);
    if (!list) map.set(key, [source]);
    else if (list[list.length - 1] !== source) list.push(source);
  };
  const address = (text: string, source: string, byName: Map<string, string[]>, byDomain: Map<string, string[]>) => {
    const at = text.lastIndexOf('@');
    push(byDomain, text.slice(at + 1).toLowerCase(), source);
    push(byName, userOf(text.slice(0, at)).toLowerCase(), source);
  };
  for (const v of virtmaps) {
    const d = v.domain;
    // Without a catch-all, `key+detail` (an address the checks follow) falls to the local name.
    if (!catchAll.has(d) && v.localPart !== '') push(e.nameDomains, userOf(v.localPart), d);
    const t = v.target;
    if (t.kind === 'local') push(e.nameDomains, t.name, d);
    else if (t.kind === 'external') address(t.address, d, e.nameDomains, e.domainDomains);
    else if (t.kind === 'domainRedirect') {
      push(e.domainDomains, t.domain, d);
      e.anyName.add(d);
    } else if (t.kind === 'localPart') e.anyName.add(d);
  }
  for (const a of aliases) {
    for (const t of a.targets as AliasTarget[]) {
      if (t.kind === 'discard') continue;
      if (t.kind === 'external') address(t.address, a.name, e.nameAliases, e.domainAliases);
      else push(e.nameAliases, t.name, a.name);
    }
  }
  return e;
}

const userOf = (local: string) => splitDetail(local).user;
