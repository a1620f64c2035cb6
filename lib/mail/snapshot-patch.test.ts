import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/tests/support/random-snapshot';
import type { Flavor, MailSnapshot, SnapshotAccount, SnapshotAlias, SnapshotVirtmap } from './snapshot';
import { indexSnapshot, type MailIndex } from './mail-index';
import { compileHostView, hostView, viewNames } from './tenancy';
import { cachedIndex } from './trace-context';
import { reviewMailChange } from './change-review';
import { changeScope } from './change-scope';
import { patchSnapshot } from './snapshot-patch';
import { cloneRows, deltaOf, emptyRows, ownedKey, snapshotOf, type Rows, type Touched } from '@/tests/support/host-rows';

// The patch must give exactly what a whole read of the host gives after the same writes: every element, in
// the data layer's order. A host here is its rows; the snapshot is built from them as the data layer reads
// them (sorted by code point). Random writes (adds, removes, edits, renames, domains on and off the host),
// then the patch of the touched keys, plus keys touched without a change (a write of the same value).

const DOMAINS = ['a.example', 'b.example', 'c.example', 'd.example', 'z.example'];
const OWNERS = ['one', 'two', 'zed'];
const NAMES = ['abuse', 'bob', 'joe', 'joe1', 'sales', 'x'];

function randomRows(random: () => number): Rows {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const rows = emptyRows();
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
function write(rows: Rows, random: () => number): Touched {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const touched: Touched = { domains: new Set(), accounts: [], aliases: [] };
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

describe('patchSnapshot', () => {
  it('gives what a whole read gives after random writes (2,000 hosts)', () => {
    for (let seed = 1; seed <= 2000; seed += 1) {
      const random = seededRandom(seed);
      const rows = randomRows(random);
      const before = snapshotOf(rows);
      const after = cloneRows(rows);
      const touched = write(after, random);
      expect(patchSnapshot(before, deltaOf(after, touched)), `seed ${seed}`).toEqual(snapshotOf(after));
    }
  });

  it('keeps the untouched objects themselves and leaves the snapshot before as it was', () => {
    const rows = randomRows(seededRandom(5));
    const before = snapshotOf(rows);
    const copy = structuredClone(before);
    const after = cloneRows(rows);
    const joe: SnapshotAccount = { name: 'zzz', owner: 'one', passwordHash: '{X}h', quotaMb: 5 };
    after.accounts.set(ownedKey(joe), joe);
    const patched = patchSnapshot(before, deltaOf(after, { domains: new Set(), accounts: [{ owner: 'one', name: 'zzz' }], aliases: [] }));
    expect(patched?.accounts).toContain(joe);
    expect(patched?.virtmaps).toBe(before.virtmaps);
    for (const a of before.accounts) expect(patched?.accounts).toContain(a);
    expect(before).toEqual(copy);
  });

  it('gives the same host after for the same writes on the same host (a confirmation after its preview), and a new one for others', () => {
    const rows = randomRows(seededRandom(11));
    const before = snapshotOf(rows);
    const after = cloneRows(rows);
    const touched = write(after, seededRandom(12));
    const preview = patchSnapshot(before, deltaOf(after, touched));
    // The confirmation reads the touched objects again: equal values, new objects.
    const confirmation = patchSnapshot(before, structuredClone(deltaOf(after, touched)));
    expect(confirmation).toBe(preview);
    const other = cloneRows(after);
    const joe: SnapshotAccount = { name: 'zzz-other', owner: 'one', passwordHash: '{X}h', quotaMb: 5 };
    other.accounts.set(ownedKey(joe), joe);
    const changed = patchSnapshot(
      before,
      deltaOf(other, { ...touched, accounts: [...touched.accounts, { owner: 'one', name: 'zzz-other' }] }),
    );
    expect(changed).not.toBe(preview);
    expect(changed).toEqual(snapshotOf(other));
    // Another host before with the same writes is patched afresh.
    expect(patchSnapshot(structuredClone(before), deltaOf(after, touched))).not.toBe(preview);
  });

  it('declines keys outside ASCII and snapshots without owners: the caller reads the host whole', () => {
    const before = snapshotOf(randomRows(seededRandom(9)));
    const delta = deltaOf(cloneRows(randomRows(seededRandom(9))), {
      domains: new Set(['xn--bcher-kva.example']),
      accounts: [],
      aliases: [],
    });
    expect(patchSnapshot(before, delta)).not.toBeNull();
    expect(patchSnapshot(before, { ...delta, accountsTouched: [{ owner: 'one', name: 'jörg' }] })).toBeNull();
    expect(patchSnapshot({ ...before, version: 1 }, delta)).toBeNull();
  });
});

describe("a patched snapshot's host view and index", () => {
  // What is derived from a patched snapshot is derived again only for what the patch touched: the host
  // view's objects are shared (lib/mail/tenancy.ts), the index is an overlay of the older one
  // (lib/mail/index-patch.ts). Both must answer exactly as if derived from a whole read, patch after patch.
  const keysOf = () => {
    const names = OWNERS.flatMap((o) => NAMES.map((n) => `${o}-${n}`)).concat(NAMES, ['postmaster', 'abuse']);
    const domains = [...DOMAINS, 'else.example'];
    const virtmaps = domains.flatMap((d) => ['', 'postmaster', 'abuse', ...NAMES].map((l) => `${l}@${d}`));
    return { names, domains, virtmaps };
  };
  const answers = (index: MailIndex) => {
    const { names, domains, virtmaps } = keysOf();
    return {
      domains: domains.filter((d) => index.domains.has(d)),
      accounts: names.filter((n) => index.accounts.has(n)),
      aliases: names.map((n) => [n, index.aliases.get(n) ?? null, index.aliases.has(n)]),
      virtmaps: virtmaps.map((k) => [k, index.virtmaps.get(k) ?? null, index.virtmaps.has(k)]),
    };
  };

  it.each<Flavor>(['postfix', 'sendmail'])('answer as a whole read does, over 20 patches in a row (300 hosts, %s)', (flavor) => {
    let overlays = 0;
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = seededRandom(seed);
      const rows = randomRows(random);
      let snapshot: MailSnapshot = { ...snapshotOf(rows), host: { name: 'mx', flavor } };
      cachedIndex(snapshot, flavor);
      for (let step = 1; step <= 20; step += 1) {
        const touched = write(rows, random);
        const delta = deltaOf(rows, touched);
        const patched = patchSnapshot(snapshot, { ...delta, host: snapshot.host }) as MailSnapshot;
        const whole = { ...snapshotOf(rows), host: snapshot.host };
        const reference = compileHostView(whole);
        expect(hostView(patched), `seed ${seed} step ${step}`).toEqual(reference);
        // The owners' tables too, in order (what a customer's words are made from: lib/mail/own-words.ts).
        const tables = (view: MailSnapshot) => [[...viewNames(view).names], [...viewNames(view).domainOwners]];
        expect(tables(hostView(patched)), `seed ${seed} step ${step}`).toEqual(tables(reference));
        const index = cachedIndex(patched, flavor);
        if ('root' in index) overlays += 1;
        expect(answers(index), `seed ${seed} step ${step}`).toEqual(answers(indexSnapshot(compileHostView(whole), flavor)));
        snapshot = patched;
      }
    }
    // The overlay was what answered (not a whole index built again each time).
    expect(overlays).toBe(300 * 20);
  });
});

describe('the review of a patched snapshot', () => {
  // The review reuses what it derived from the snapshot before (its view, index, fresh name, and the
  // patch's list of what it touched instead of a comparison of the two hosts): it must say exactly what
  // it says of two snapshots read whole, which share nothing.
  it.each<Flavor>(['postfix', 'sendmail'])('says what it says of whole reads, over 10 patches in a row (300 hosts, %s)', (flavor) => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = seededRandom(seed);
      const rows = randomRows(random);
      let snapshot: MailSnapshot = { ...snapshotOf(rows), host: { name: 'mx', flavor } };
      reviewMailChange(snapshot, snapshot, []);
      for (let step = 1; step <= 10; step += 1) {
        const touched = write(rows, random);
        const patched = patchSnapshot(snapshot, { ...deltaOf(rows, touched), host: snapshot.host }) as MailSnapshot;
        const probes = [...DOMAINS, 'else.example'].flatMap((d) =>
          ['joe', 'x', 'nobody', 'postmaster', 'sales+tag'].map((l) => `${l}@${d}`),
        );
        const fresh = (s: MailSnapshot) => structuredClone(s);
        const expected = reviewMailChange(fresh(snapshot), fresh(patched), probes);
        expect(reviewMailChange(snapshot, patched, probes), `seed ${seed} step ${step}`).toEqual(expected);
        // The scope itself, followed back over the kept edges (lib/mail/scope-reach.ts), is the scan's.
        const scope = (x: MailSnapshot, y: MailSnapshot) => {
          const found = changeScope(x, y);
          return found && { domains: [...found.domains].sort(), names: [...found.names].sort(), namesTouched: found.namesTouched };
        };
        expect(scope(hostView(snapshot), hostView(patched)), `seed ${seed} step ${step}`).toEqual(
          scope(compileHostView(fresh(snapshot)), compileHostView(fresh(patched))),
        );
        snapshot = patched;
      }
    }
  });
});
