import type { MailIndex } from './mail-index';
import { virtmapKey } from './mail-index';
import { lowerBound } from './lower-bound';
import type { SnapshotVirtmap } from './snapshot';

// The virtusertable lookup order for one address on a local domain, exactly as sendmail 8.17's
// cf/m4/proto.m4 (SParse1) does it (DOMAIN.md row 5). For `user+detail@d`:
//   user+detail@d, user++@d (detail not empty), user+*@d, user@d, ++@d (detail not empty), +*@d, @d
// and for an address without "+": local@d, then @d. The substitutions a target may use:
// %1 = the local part (the user part when the address has a +detail and the match was not the exact
// key), %2 = the detail, %3 = "+detail" (both empty for the exact key and for an address without one).
// Postfix's virtual(5) order (user+detail@d, user@d, @d) is the same list without the wildcard keys, which it cannot look up: on Postfix they are not tried.

export interface VirtmapMatch {
  virtmap: SnapshotVirtmap;
  /** The key that matched, as written in virtusertable, e.g. "joe@example.com" or "@example.com". */
  key: string;
  /** %1: keeps the case of the address as sent. */
  percent1: string;
  /** The +detail (without "+") that the match did not use: dropped by sendmail unless %3 is used. */
  unmatchedDetail?: string;
  /** %2, the address's detail (without "+"), for every match but the exact key ("" for `joe+@d`). */
  detail?: string;
}

export interface VirtmapLookup {
  match?: VirtmapMatch;
  /** Every key tried, in order, up to and including the match. */
  tried: string[];
}

/**
 * Splits a local part at its first "+" after the first character, as sendmail's `$+ + $*` does
 * (`+foo` has no detail; `a+b+c` is user "a", detail "b+c").
 */
export function splitDetail(local: string): { user: string; detail?: string } {
  const plus = local.indexOf('+', 1);
  if (plus === -1) return { user: local };
  return { user: local.slice(0, plus), detail: local.slice(plus + 1) };
}

export function lookupVirtmap(index: MailIndex, local: string, domain: string): VirtmapLookup {
  // The exact key first, without building the rest of the list: most lookups end there (a save's review
  // and an import's check trace every key of a domain).
  const exactKey = virtmapKey(local, domain);
  const exact = index.virtmaps.get(exactKey);
  if (exact) return { match: { virtmap: exact, key: exactKey, percent1: local }, tried: [exactKey] };
  const { user, detail } = splitDetail(local);
  const candidates: Array<{ localKey: string; percent1: string; unmatchedDetail?: string }> = [];
  const wild = index.flavor === 'sendmail';
  if (detail !== undefined) {
    if (wild && detail !== '') candidates.push({ localKey: `${user}++`, percent1: user });
    if (wild) candidates.push({ localKey: `${user}+*`, percent1: user });
    candidates.push({ localKey: user, percent1: user, unmatchedDetail: detail });
    if (wild && detail !== '') candidates.push({ localKey: '++', percent1: user });
    if (wild) candidates.push({ localKey: '+*', percent1: user });
    candidates.push({ localKey: '', percent1: user, unmatchedDetail: detail });
  } else {
    candidates.push({ localKey: '', percent1: local });
  }
  const tried: string[] = [exactKey];
  for (const candidate of candidates) {
    const key = virtmapKey(candidate.localKey, domain);
    tried.push(key);
    const virtmap = index.virtmaps.get(key);
    if (virtmap) {
      const match: VirtmapMatch = { virtmap, key, percent1: candidate.percent1 };
      if (candidate.unmatchedDetail !== undefined) match.unmatchedDetail = candidate.unmatchedDetail;
      if (detail !== undefined) match.detail = detail;
      return { match, tried };
    }
  }
  return { tried };
}

/**
 * A snapshot's virtmaps grouped by domain (optionally only those domains'), each domain's in the list's
 * order. The positions of each domain's virtmaps are found in one pass per list and kept beside it (a
 * snapshot's lists are never changed in place): a scan of all virtmaps per domain is quadratic on a big
 * host, and one scan per check was most of a save's review there, where the host before a change is the
 * host after the save before it, already grouped.
 */
export function virtmapsByDomain(virtmaps: readonly SnapshotVirtmap[], only?: ReadonlySet<string>): Map<string, SnapshotVirtmap[]> {
  const runs = only && sortedRuns(virtmaps);
  if (only && runs) {
    const out = new Map<string, SnapshotVirtmap[]>();
    for (const domain of only) {
      const list = runsOf(virtmaps, runs, domain).flatMap(([from, to]) => virtmaps.slice(from, to));
      if (list.length > 0) out.set(domain, list);
    }
    return out;
  }
  const at = domainPositions(virtmaps);
  const out = new Map<string, SnapshotVirtmap[]>();
  const put = (domain: string, list: readonly number[]) =>
    out.set(
      domain,
      list.map((i) => virtmaps[i] as SnapshotVirtmap),
    );
  if (only && only.size < at.size) {
    for (const domain of only) {
      const list = at.get(domain);
      if (list) put(domain, list);
    }
  } else for (const [domain, list] of at) if (!only || only.has(domain)) put(domain, list);
  return out;
}

/** The virtmaps of `domains`, in the list's order. */
export function virtmapsOfDomains(virtmaps: readonly SnapshotVirtmap[], domains: ReadonlySet<string>): SnapshotVirtmap[] {
  const runs = sortedRuns(virtmaps);
  if (runs) {
    // The users' part of each domain in domain order, then its implicit part: the list's order.
    const ranges = [...domains].flatMap((d) => runsOf(virtmaps, runs, d)).sort((x, y) => x[0] - y[0]);
    return ranges.flatMap(([from, to]) => virtmaps.slice(from, to));
  }
  const at = domainPositions(virtmaps);
  const positions: number[] = [];
  for (const domain of domains) for (const i of at.get(domain) ?? []) positions.push(i);
  return positions.sort((a, b) => a - b).map((i) => virtmaps[i] as SnapshotVirtmap);
}

/**
 * The virtmaps of `domains` by binary search, in the list's order, where the list is in domain order
 * (sortedRuns); else null. Domains are matched as written: for lists of a database snapshot or one patched
 * from it, whose domains are lower case.
 */
export function sortedVirtmapsOfDomains(virtmaps: readonly SnapshotVirtmap[], domains: ReadonlySet<string>): SnapshotVirtmap[] | null {
  return sortedRuns(virtmaps) ? virtmapsOfDomains(virtmaps, domains) : null;
}

/**
 * Where a list is in domain order in two parts, the users' virtmaps and then the panel's implicit ones
 * (a host view of a snapshot read from the database, or patched from one: lib/mail/tenancy.ts), the index
 * where the implicit part starts; else null. Found in one cheap pass per list and kept: a domain's
 * virtmaps are then two runs found by binary search, instead of positions grouped for every domain of the
 * host (a tenth of a second of each save at a million virtmaps, for the host after it).
 */
function sortedRuns(virtmaps: readonly SnapshotVirtmap[]): { split: number } | null {
  const known = runsByList.get(virtmaps);
  if (known !== undefined) return known;
  // A list patched from one in this order, by replacing some domains' runs in their places, is too: its
  // implicit part starts where the first implicit entry is (the entries are in two parts: a binary search).
  const patch = listPatchOf(virtmaps);
  if (patch && sortedRuns(patch.from)) {
    const runs = { split: lowerBound(virtmaps, (v) => !v.implicit) };
    runsByList.set(virtmaps, runs);
    return runs;
  }
  let split = virtmaps.length;
  let ok = true;
  for (let i = 0; i < virtmaps.length && ok; i += 1) {
    const v = virtmaps[i] as SnapshotVirtmap;
    if (v.implicit && split === virtmaps.length) split = i;
    else if (!v.implicit && split < i) ok = false;
    const prev = virtmaps[i - 1];
    if (prev && i !== split && v.domain < prev.domain) ok = false;
  }
  const runs = ok ? { split } : null;
  runsByList.set(virtmaps, runs);
  return runs;
}

const runsByList = new WeakMap<readonly SnapshotVirtmap[], { split: number } | null>();

/** A list made from another by replacing the virtmaps of some domains in their places. */
export interface ListPatch {
  from: readonly SnapshotVirtmap[];
  domains: ReadonlySet<string>;
}

// `from` held weakly: every patched list keeping its predecessor alive would keep a list per save.
const listPatches = new WeakMap<readonly SnapshotVirtmap[], { from: WeakRef<readonly SnapshotVirtmap[]>; domains: ReadonlySet<string> }>();

/**
 * Notes that `list` is `from` with the virtmaps of `domains` replaced in their places (lib/mail/snapshot-patch.ts,
 * a patched host view in lib/mail/tenancy.ts): what is kept per list is then derived from `from`'s.
 */
export function notePatchedList(list: readonly SnapshotVirtmap[], patch: ListPatch): void {
  if (list !== patch.from) listPatches.set(list, { from: new WeakRef(patch.from), domains: patch.domains });
}

/** The patch `list` was made by, if noted and its older list is still held. */
export function listPatchOf(list: readonly SnapshotVirtmap[]): ListPatch | undefined {
  const patch = listPatches.get(list);
  const from = patch?.from.deref();
  return patch && from ? { from, domains: patch.domains } : undefined;
}

/** `domain`'s runs in a list sortedRuns accepted: [from, to) in the users' part, then in the implicit part. */
function runsOf(virtmaps: readonly SnapshotVirtmap[], { split }: { split: number }, domain: string): [number, number][] {
  const out: [number, number][] = [];
  for (const [lo, hi] of [
    [0, split],
    [split, virtmaps.length],
  ] as const) {
    const from = lowerBound(virtmaps, (v) => v.domain < domain, lo, hi);
    const to = lowerBound(virtmaps, (v) => v.domain <= domain, from, hi);
    if (from < to) out.push([from, to]);
  }
  return out;
}

const positionsByList = new WeakMap<readonly SnapshotVirtmap[], Map<string, number[]>>();

function domainPositions(virtmaps: readonly SnapshotVirtmap[]): Map<string, number[]> {
  let at = positionsByList.get(virtmaps);
  if (at) return at;
  at = new Map();
  virtmaps.forEach((v, i) => {
    const list = at!.get(v.domain);
    if (list) list.push(i);
    else at!.set(v.domain, [i]);
  });
  positionsByList.set(virtmaps, at);
  return at;
}
