import type { MailIndex } from './mail-index';
import { virtmapKey } from './mail-index';
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
  const at = domainPositions(virtmaps);
  const positions: number[] = [];
  for (const domain of domains) for (const i of at.get(domain) ?? []) positions.push(i);
  return positions.sort((a, b) => a - b).map((i) => virtmaps[i] as SnapshotVirtmap);
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
