import { compareKeys } from './change-scope';
import type { MailSnapshot, SnapshotAccount, SnapshotAlias, SnapshotVirtmap } from './snapshot';
import { hostName } from './tenancy';
import { recordPatch, spliced, type ListEdit } from './patch-lineage';
import { notePatchedList } from './virtmap-lookup';
import { lowerBound } from './lower-bound';

// A host's snapshot after a save, from the snapshot before it and the few objects the save's writes
// touched, read again (lib/data/save-journal.ts): the same value a whole read of the host gives, at the
// cost of the change rather than of the host (docs/decisions/0011, step 1). The lists keep the order the
// data layer reads them in (code points, as `COLLATE "C"`), so the result is equal to a whole read in
// every element and in order; objects not touched are shared with `before`, which is never modified.

/** A domain as a snapshot holds it: on the host (enabled and verified), with its owner. */
export interface PatchDomain {
  name: string;
  owner: string;
  strict: boolean;
}

/** An account's or alias's key on a version 2 host: its customer's tag and its name. */
export interface OwnedName {
  owner: string;
  name: string;
}

export interface SnapshotDelta {
  host: MailSnapshot['host'];
  /** Domains whose row or virtmaps the save touched. */
  domainsTouched: readonly string[];
  /** Those of them on the host now, and all their virtmaps, in the data layer's order. */
  domains: readonly PatchDomain[];
  virtmaps: readonly SnapshotVirtmap[];
  /** Accounts and aliases the save touched, and those of them that exist now. */
  accountsTouched: readonly OwnedName[];
  accounts: readonly SnapshotAccount[];
  aliasesTouched: readonly OwnedName[];
  aliases: readonly SnapshotAlias[];
}

/**
 * `before` with the delta's objects in place of the touched ones, or null where the patch cannot promise
 * the whole read's order: a version 1 snapshot (no owners), or a touched key outside ASCII, whose order in
 * UTF-16 (JavaScript's `<`) and in UTF-8 bytes (`COLLATE "C"`) may differ. The caller then reads whole.
 */
export function patchSnapshot(before: MailSnapshot, delta: SnapshotDelta): MailSnapshot | null {
  if (before.version !== 2 || !before.domainOwners) return null;
  const keys = [
    ...delta.domainsTouched,
    ...delta.virtmaps.map((v) => v.localPart),
    ...[...delta.accountsTouched, ...delta.aliasesTouched].flatMap((n) => [n.owner, n.name]),
  ];
  if (!keys.every(isAscii)) return null;
  const key = JSON.stringify(delta);
  const known = lastPatch.get(before);
  if (known?.key === key) return known.after;
  const after = patched(before, delta);
  lastPatch.set(before, { key, after });
  return after;
}

/**
 * The last patch made of each snapshot, by its delta. A save's confirmation makes the same writes as its
 * preview on the same kept host: it gets the preview's host after instead of copying the host's lists
 * again (30-50 ms at a million virtmaps). The same snapshot and the same delta give the same host after.
 */
const lastPatch = new WeakMap<MailSnapshot, { key: string; after: MailSnapshot }>();

/** patchSnapshot's work, for a version 2 snapshot (it has owners) and ASCII keys. */
function patched(before: MailSnapshot, delta: SnapshotDelta): MailSnapshot {
  const touched = new Set(delta.domainsTouched);
  // Most saves keep every touched domain where it was, with its owner and rule: the list and the tables
  // are then kept too (rebuilt, they were a quarter of a second at 100,000 domains).
  const wasStrict = new Set((before.strictDomains ?? []).filter((d) => touched.has(d)));
  const now = new Map(delta.domains.map((d) => [d.name, d]));
  const kept = [...touched].every((d) => {
    const next = now.get(d);
    return next ? before.domainOwners?.[d] === next.owner && wasStrict.has(d) === next.strict : before.domainOwners?.[d] === undefined;
  });
  const domains = kept
    ? before.domains
    : replaceSorted(
        before.domains,
        touched,
        delta.domains.map((d) => d.name),
        (d) => d,
        compareText,
      );
  const owners = kept ? new Map<string, string>() : new Map(Object.entries(before.domainOwners ?? {}));
  const strict = kept ? new Set<string>() : new Set(before.strictDomains ?? []);
  for (const d of touched) {
    owners.delete(d);
    strict.delete(d);
  }
  for (const d of delta.domains) {
    owners.set(d.name, d.owner);
    if (d.strict) strict.add(d.name);
  }
  const gone = { accounts: [] as SnapshotAccount[], aliases: [] as SnapshotAlias[], virtmaps: [] as SnapshotVirtmap[] };
  const edits = { accounts: newEdit(), aliases: newEdit(), virtmaps: newEdit() };
  const accounts = replaceSorted(
    before.accounts,
    ownedKeys(delta.accountsTouched),
    delta.accounts,
    ownedKey,
    compareOwned,
    gone.accounts,
    edits.accounts,
  );
  const aliases = replaceSorted(
    before.aliases,
    ownedKeys(delta.aliasesTouched),
    delta.aliases,
    ownedKey,
    compareOwned,
    gone.aliases,
    edits.aliases,
  );
  const virtmaps = replaceSorted(before.virtmaps, touched, delta.virtmaps, (v) => v.domain, compareKeys, gone.virtmaps, edits.virtmaps);
  notePatchedList(virtmaps, { from: before.virtmaps, domains: touched });
  const after: MailSnapshot = {
    version: 2,
    host: delta.host,
    domains,
    domainOwners: kept ? before.domainOwners : Object.fromEntries(domains.map((d) => [d, owners.get(d) as string])),
    strictDomains: kept ? before.strictDomains : domains.filter((d) => strict.has(d)),
    accounts,
    aliases,
    virtmaps,
  };
  const names = [...delta.accountsTouched, ...delta.aliasesTouched].map((n) => hostName(n.owner, n.name));
  // The touched part on each side, as snapshots of their own: what a review compares of the two hosts.
  const was = [...touched].filter((d) => before.domainOwners?.[d] !== undefined).sort(compareText);
  const parts = {
    before: {
      ...before,
      domains: was,
      domainOwners: Object.fromEntries(was.map((d) => [d, before.domainOwners?.[d] as string])),
      strictDomains: was.filter((d) => wasStrict.has(d)),
      ...gone,
    },
    after: {
      ...after,
      domains: delta.domains.map((d) => d.name),
      domainOwners: Object.fromEntries(delta.domains.map((d) => [d.name, d.owner])),
      strictDomains: delta.domains.filter((d) => d.strict).map((d) => d.name),
      accounts: [...delta.accounts],
      aliases: [...delta.aliases],
      virtmaps: [...delta.virtmaps],
    },
  };
  const origin = new WeakRef(before);
  recordPatch(after, { from: () => origin.deref(), domains: touched, names: new Set(names), delta, parts, edits });
  return after;
}

/**
 * `list` (sorted by `compare`, and so by `group`) without the elements whose group is in `drop`, with
 * `add` (sorted) merged in: a binary search for each dropped group and each added element, and the kept
 * runs between them copied whole (a test per element was a tenth of a second of every save at a million
 * virtmaps).
 */
function replaceSorted<T>(
  list: readonly T[],
  drop: ReadonlySet<string>,
  add: readonly T[],
  group: (x: T) => string,
  compare: (x: T, y: T) => number,
  gone: T[] = [],
  edit: ListEdit = newEdit(),
): T[] {
  if (drop.size === 0 && add.length === 0) return list as T[];
  // Each dropped group's run of elements: the list is in group order (code units, as `<`).
  const runs = [...drop]
    .map((g) => [lowerBound(list, (y) => group(y) < g), lowerBound(list, (y) => group(y) <= g)] as const)
    .filter(([from, to]) => from < to)
    .sort((x, y) => x[0] - y[0]);
  const marks: number[] = [];
  for (const x of add) {
    // `add` is sorted, so each mark is at or past the last.
    marks.push(
      Math.max(
        marks[marks.length - 1] ?? 0,
        lowerBound(list, (y) => compare(y, x) < 0),
      ),
    );
  }
  for (const [from, to] of runs) {
    for (let i = from; i < to; i += 1) {
      gone.push(list[i] as T);
      edit.dropped.push(i);
    }
  }
  for (const m of marks) edit.marks.push(m);
  return spliced(list, runs, marks, add);
}

const ownedKey = (x: { owner?: string; name: string }) => `${x.owner ?? ''}\u0000${x.name}`;
const ownedKeys = (names: readonly OwnedName[]) => new Set(names.map(ownedKey));

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareOwned(x: { owner?: string; name: string }, y: { owner?: string; name: string }): number {
  return compareText(x.owner ?? '', y.owner ?? '') || compareText(x.name, y.name);
}

const isAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);

const newEdit = (): ListEdit => ({ dropped: [], marks: [] });
