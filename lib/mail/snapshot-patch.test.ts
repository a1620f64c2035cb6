import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/tests/support/random-snapshot';
import type { MailSnapshot, SnapshotAccount, SnapshotAlias, SnapshotVirtmap } from './snapshot';
import { patchSnapshot, type OwnedName, type PatchDomain, type SnapshotDelta } from './snapshot-patch';

// The patch must give exactly what a whole read of the host gives after the same writes: every element, in
// the data layer's order. A host here is its rows; the snapshot is built from them as the data layer reads
// them (sorted by code point). Random writes (adds, removes, edits, renames, domains on and off the host),
// then the patch of the touched keys, plus keys touched without a change (a write of the same value).

interface Rows {
  domains: Map<string, PatchDomain>;
  accounts: Map<string, SnapshotAccount>;
  aliases: Map<string, SnapshotAlias>;
  virtmaps: Map<string, SnapshotVirtmap>;
}

const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const ownedKey = (x: { owner?: string; name: string }) => `${x.owner}\u0000${x.name}`;

function snapshotOf(rows: Rows): MailSnapshot {
  const domains = [...rows.domains.values()].sort((x, y) => byText(x.name, y.name));
  const owned = <T extends { owner?: string; name: string }>(list: T[]) =>
    list.sort((x, y) => byText(x.owner ?? '', y.owner ?? '') || byText(x.name, y.name));
  return {
    version: 2,
    host: { name: 'mx', flavor: 'postfix' },
    domains: domains.map((d) => d.name),
    domainOwners: Object.fromEntries(domains.map((d) => [d.name, d.owner])),
    strictDomains: domains.filter((d) => d.strict).map((d) => d.name),
    accounts: owned([...rows.accounts.values()]),
    aliases: owned([...rows.aliases.values()]),
    // Only the virtmaps of domains on the host, as the data layer joins them.
    virtmaps: [...rows.virtmaps.values()]
      .filter((v) => rows.domains.has(v.domain))
      .sort((x, y) => byText(x.domain, y.domain) || byText(x.localPart, y.localPart)),
  };
}

function clone(rows: Rows): Rows {
  return {
    domains: new Map(rows.domains),
    accounts: new Map(rows.accounts),
    aliases: new Map(rows.aliases),
    virtmaps: new Map(rows.virtmaps),
  };
}

const DOMAINS = ['a.example', 'b.example', 'c.example', 'd.example', 'z.example'];
const OWNERS = ['one', 'two', 'zed'];
const NAMES = ['abuse', 'bob', 'joe', 'joe1', 'sales', 'x'];

function randomRows(random: () => number): Rows {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const rows: Rows = { domains: new Map(), accounts: new Map(), aliases: new Map(), virtmaps: new Map() };
  for (const d of DOMAINS) if (random() < 0.7) rows.domains.set(d, { name: d, owner: pick(OWNERS), strict: random() < 0.3 });
  for (let i = 0; i < 8; i += 1) {
    const a: SnapshotAccount = { name: pick(NAMES), owner: pick(OWNERS), passwordHash: '{X}h', quotaMb: 1 + i };
    rows.accounts.set(ownedKey(a), a);
    const l: SnapshotAlias = { name: pick(NAMES), owner: pick(OWNERS), targets: [{ kind: 'local', name: pick(NAMES) }] };
    rows.aliases.set(ownedKey(l), l);
    const v: SnapshotVirtmap = {
      domain: pick(DOMAINS),
      localPart: random() < 0.2 ? '' : pick(NAMES),
      target: { kind: 'local', name: pick(NAMES) },
    };
    rows.virtmaps.set(`${v.domain}@${v.localPart}`, v);
  }
  return rows;
}

/** Random writes to `rows`; returns the keys they touched (as the journal records them). */
function write(rows: Rows, random: () => number): { domains: Set<string>; accounts: OwnedName[]; aliases: OwnedName[] } {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const touched = { domains: new Set<string>(), accounts: [] as OwnedName[], aliases: [] as OwnedName[] };
  for (let i = Math.floor(random() * 4); i >= 0; i -= 1) {
    const what = random();
    const owner = pick(OWNERS);
    const name = pick(NAMES);
    const key = ownedKey({ owner, name });
    if (what < 0.25) {
      const d = pick(DOMAINS);
      touched.domains.add(d);
      if (random() < 0.4) rows.domains.delete(d);
      else if (random() < 0.9) rows.domains.set(d, { name: d, owner: pick(OWNERS), strict: random() < 0.5 });
    } else if (what < 0.5) {
      const v: SnapshotVirtmap = {
        domain: pick(DOMAINS),
        localPart: random() < 0.2 ? '' : pick(NAMES),
        target: { kind: 'external', address: `${name}@else.example` },
      };
      touched.domains.add(v.domain);
      if (random() < 0.4) rows.virtmaps.delete(`${v.domain}@${v.localPart}`);
      else if (random() < 0.9) rows.virtmaps.set(`${v.domain}@${v.localPart}`, v);
    } else if (what < 0.75) {
      touched.accounts.push({ owner, name });
      if (random() < 0.4) rows.accounts.delete(key);
      else if (random() < 0.9) rows.accounts.set(key, { name, owner, passwordHash: '{X}new', quotaMb: 99 });
    } else {
      touched.aliases.push({ owner, name });
      if (random() < 0.4) rows.aliases.delete(key);
      else if (random() < 0.9) rows.aliases.set(key, { name, owner, targets: [{ kind: 'discard' }] });
    }
  }
  return touched;
}

function deltaOf(after: Rows, touched: ReturnType<typeof write>): SnapshotDelta {
  const whole = snapshotOf(after);
  const domains = [...touched.domains];
  const has = (list: OwnedName[]) => (x: { owner?: string; name: string }) => list.some((n) => ownedKey(n) === ownedKey(x));
  return {
    host: whole.host,
    domainsTouched: domains,
    domains: whole.domains.filter((d) => touched.domains.has(d)).map((d) => after.domains.get(d) as PatchDomain),
    virtmaps: whole.virtmaps.filter((v) => touched.domains.has(v.domain)),
    accountsTouched: touched.accounts,
    accounts: whole.accounts.filter(has(touched.accounts)),
    aliasesTouched: touched.aliases,
    aliases: whole.aliases.filter(has(touched.aliases)),
  };
}

describe('patchSnapshot', () => {
  it('gives what a whole read gives after random writes (2,000 hosts)', () => {
    for (let seed = 1; seed <= 2000; seed += 1) {
      const random = seededRandom(seed);
      const rows = randomRows(random);
      const before = snapshotOf(rows);
      const after = clone(rows);
      const touched = write(after, random);
      expect(patchSnapshot(before, deltaOf(after, touched)), `seed ${seed}`).toEqual(snapshotOf(after));
    }
  });

  it('keeps the untouched objects themselves and leaves the snapshot before as it was', () => {
    const rows = randomRows(seededRandom(5));
    const before = snapshotOf(rows);
    const copy = structuredClone(before);
    const after = clone(rows);
    const joe: SnapshotAccount = { name: 'zzz', owner: 'one', passwordHash: '{X}h', quotaMb: 5 };
    after.accounts.set(ownedKey(joe), joe);
    const patched = patchSnapshot(before, deltaOf(after, { domains: new Set(), accounts: [{ owner: 'one', name: 'zzz' }], aliases: [] }));
    expect(patched?.accounts).toContain(joe);
    expect(patched?.virtmaps).toBe(before.virtmaps);
    for (const a of before.accounts) expect(patched?.accounts).toContain(a);
    expect(before).toEqual(copy);
  });

  it('declines keys outside ASCII and snapshots without owners: the caller reads the host whole', () => {
    const before = snapshotOf(randomRows(seededRandom(9)));
    const delta = deltaOf(clone(randomRows(seededRandom(9))), { domains: new Set(['xn--bcher-kva.example']), accounts: [], aliases: [] });
    expect(patchSnapshot(before, delta)).not.toBeNull();
    expect(patchSnapshot(before, { ...delta, accountsTouched: [{ owner: 'one', name: 'jörg' }] })).toBeNull();
    expect(patchSnapshot({ ...before, version: 1 }, delta)).toBeNull();
  });
});
