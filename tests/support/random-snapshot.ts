// Seeded random snapshots for the differential tests: small, valid mail hosts (1-3 domains, 0-6
// accounts, 0-5 aliases with 1-3 targets including `\name`, external addresses and chains, 0-8 virtmaps
// including catch-alls, sendmail's wildcard keys, rejections with each code, `%1@other` and `%1`). Every snapshot passes the
// write-time checks — no loops, no missing targets — because the panel never renders anything else:
// each object is added only if `checkSnapshot` still finds no error. Same seed, same snapshot.
import { checkSnapshot } from '@/lib/mail/snapshot-checks';
import type { AliasTarget, Flavor, MailSnapshot, RejectCode, SnapshotAlias, SnapshotVirtmap, VirtmapTarget } from '@/lib/mail/snapshot';

/** The password every generated account has (its hash below was made with `doveadm pw -s SHA512-CRYPT`). */
export const RANDOM_SNAPSHOT_PASSWORD = 'random-snapshot-password';
const PASSWORD_HASH =
  '{SHA512-CRYPT}$6$8lXvE7GMCxwnJjo8$Nn1RoX.8jwPtA6S64JnNfYTOfdDdtlcJdGoI0QrZXt4c1QpIe5.Gb29kANE7YPgDfRYN2DAmCpjYsVeNA3UIC1';

export const RANDOM_HOST_NAME = 'mail.panel-test.example';
const DOMAINS = ['example.com', 'subhost1.com', 'subhost2.net'];
/** Domains the generated host does not hold: mail to them is relayed. */
export const FOREIGN_DOMAINS = ['elsewhere.example', 'remote.example.net'];
const ACCOUNT_NAMES = ['joe', 'jane', 'bob', 'alice', 'sales', 'info', 'dave', 'mary.ann', 'web-admin', 'x_1'];
const ALIAS_NAMES = ['sales', 'info', 'team', 'support', 'joe', 'all', 'billing', 'office'];
// With sendmail's wildcard keys: a Postfix host refuses them, so only sendmail snapshots keep them.
const KEY_LOCALS = ['webmaster', 'contact', 'hello', 'noreply', 'old', 'joe+news', 'sales+eu', 'joe+*', 'sales++', '+*', '++'];
const REJECT_TEXTS = ['No such user here', 'This address is no longer in use', 'Try again later', "Gone, please don't write"];
// The form's three and codes of the "other" kind (lib/mail/reject-codes.ts), permanent and temporary.
const REJECT_CODES: RejectCode[] = ['nouser', 'unknown', 'tempfail', '5.7.1:550', '4.7.0:451'];

/** mulberry32: a tiny, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Picker {
  constructor(private readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
}

/** A valid random snapshot for `seed`; the same seed and flavour always give the same snapshot. */
export function randomSnapshot(seed: number, flavor: Flavor): MailSnapshot {
  const r = new Picker(seededRandom(seed));
  let s: MailSnapshot = {
    version: 1,
    host: { name: RANDOM_HOST_NAME, flavor },
    domains: r.shuffle(DOMAINS).slice(0, r.int(1, 3)).sort(),
    accounts: r
      .shuffle(ACCOUNT_NAMES)
      .slice(0, r.int(0, 6))
      .map((name) => ({ name, passwordHash: PASSWORD_HASH, quotaMb: 1024 })),
    aliases: [],
    virtmaps: [],
  };
  const tryAdd = (next: MailSnapshot) => {
    if (checkSnapshot(next).length === 0) s = next;
  };
  const aliasCount = r.int(0, 5);
  for (const name of r.shuffle(ALIAS_NAMES).slice(0, aliasCount)) {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const before = s;
      tryAdd({ ...s, aliases: [...s.aliases, randomAlias(r, s, name)] });
      if (s !== before) break;
    }
  }
  const virtmapCount = r.int(0, 8);
  for (let i = 0, attempts = 0; i < virtmapCount && attempts < virtmapCount * 4; attempts += 1) {
    const virtmap = randomVirtmap(r, s);
    if (s.virtmaps.some((v) => v.domain === virtmap.domain && v.localPart === virtmap.localPart)) continue;
    const before = s;
    tryAdd({ ...s, virtmaps: [...s.virtmaps, virtmap] });
    if (s !== before) i += 1;
  }
  return s;
}

function names(s: MailSnapshot): string[] {
  return [...new Set([...s.accounts.map((a) => a.name), ...s.aliases.map((a) => a.name)])];
}

function randomAlias(r: Picker, s: MailSnapshot, name: string): SnapshotAlias {
  const targets: AliasTarget[] = [];
  const count = r.int(1, 3);
  const isAccount = s.accounts.some((a) => a.name === name);
  for (let i = 0; i < count; i += 1) {
    const target = randomAliasTarget(r, s, name, isAccount);
    if (target && !targets.some((t) => JSON.stringify(t) === JSON.stringify(target))) targets.push(target);
  }
  if (targets.length === 0) targets.push({ kind: 'external', address: `${name}@${r.pick(FOREIGN_DOMAINS)}` });
  return { name, targets };
}

function randomAliasTarget(r: Picker, s: MailSnapshot, self: string, selfIsAccount: boolean): AliasTarget | undefined {
  const roll = r.int(0, 9);
  const accounts = s.accounts.map((a) => a.name);
  const others = names(s).filter((n) => n !== self);
  if (roll <= 3 && others.length > 0) return { kind: 'local', name: r.pick(others) };
  if (roll === 4 && accounts.length > 0) return { kind: 'account', name: r.pick(accounts) };
  if (roll === 5 && selfIsAccount) return { kind: 'local', name: self };
  // A name with its own +detail: an account keeps it; an alias drops it, and one being expanded (itself,
  // a loop) is where sendmail and Postfix part.
  if (roll === 7 && r.int(0, 1) === 0) return { kind: 'local', name: r.pick([...others, self]), detail: r.pick(['news', 'x']) };
  // An alias's /dev/null: this copy thrown away.
  if (roll === 9 && r.int(0, 1) === 0) return { kind: 'discard' };
  if (roll === 6) {
    // An address on one of the host's own domains: goes back through the virtmaps (sendmail).
    const local = r.pick([...others, ...KEY_LOCALS.filter((k) => !k.includes('+'))].slice(0, 12) as string[]);
    return { kind: 'external', address: `${local}@${r.pick(s.domains)}` };
  }
  return { kind: 'external', address: `${r.pick(['ext', 'someone', 'Mixed.Case', 'list+tag'])}@${r.pick(FOREIGN_DOMAINS)}` };
}

function randomVirtmap(r: Picker, s: MailSnapshot): SnapshotVirtmap {
  const domain = r.pick(s.domains);
  const localPart = r.chance(0.25) ? '' : r.pick([...names(s), ...KEY_LOCALS]);
  return { domain, localPart, target: randomVirtmapTarget(r, s, domain) };
}

function randomVirtmapTarget(r: Picker, s: MailSnapshot, domain: string): VirtmapTarget {
  const roll = r.int(0, 11);
  const all = names(s);
  if (roll <= 3 && all.length > 0) return { kind: 'local', name: r.pick(all) };
  if (roll === 4) return { kind: 'external', address: `${r.pick(['ext', 'someone', 'Mixed.Case'])}@${r.pick(FOREIGN_DOMAINS)}` };
  if (roll === 5) {
    const local = r.pick([...all, ...KEY_LOCALS.filter((k) => !k.includes('+'))]);
    const other = s.domains.filter((d) => d !== domain);
    return { kind: 'external', address: `${local}@${r.pick(other.length > 0 ? other : s.domains)}` };
  }
  if (roll === 6) return { kind: 'domainRedirect', domain: r.pick([...s.domains.filter((d) => d !== domain), ...FOREIGN_DOMAINS]) };
  if (roll === 7) return { kind: 'localPart' };
  if (roll === 8) return detailTarget(r, s, domain, all);
  return { kind: 'reject', code: r.pick(REJECT_CODES), text: r.pick(REJECT_TEXTS) };
}

/** A target with `%3` (the address's +detail passed on), or a local name with its own +detail. */
function detailTarget(r: Picker, s: MailSnapshot, domain: string, names: string[]): VirtmapTarget {
  const roll = r.int(0, 4);
  const other = s.domains.filter((d) => d !== domain);
  if (roll === 0 && names.length > 0) return { kind: 'local', name: r.pick(names), detail: r.pick(['news', 'x']) };
  if (roll === 1 && names.length > 0) return { kind: 'local', name: r.pick(names), keepDetail: true };
  if (roll === 2) return { kind: 'domainRedirect', domain: r.pick([...other, ...FOREIGN_DOMAINS]), keepDetail: true };
  if (roll === 3) return { kind: 'localPart', keepDetail: true };
  return { kind: 'external', address: `${r.pick(['ext', 'Mixed.Case'])}@${r.pick([...other, ...FOREIGN_DOMAINS])}`, keepDetail: true };
}

/** The customers' tags a tenant snapshot is made of (lib/mail/tenancy.ts). */
export const RANDOM_OWNERS = ['ta', 'tb', 'tc'];

/**
 * A valid random host with owners (snapshot version 2): 2-3 customers sharing the same name pool (so two
 * often both have `joe` or `info`), each with 0-2 of the domains, a domain sometimes strict. Aliases and
 * virtmaps name only their own customer's names; addresses may point at another customer's domain (an
 * explicit forward). Same seed, same snapshot; every one passes the write-time checks.
 */
export function randomTenantSnapshot(seed: number, flavor: Flavor): MailSnapshot {
  const r = new Picker(seededRandom(seed * 7919 + 13));
  const owners = RANDOM_OWNERS.slice(0, r.int(2, 3));
  const domains = r.shuffle(DOMAINS).slice(0, r.int(2, 3)).sort();
  const domainOwners = Object.fromEntries(domains.map((d, i) => [d, i < 2 ? (owners[i] as string) : r.pick(owners)]));
  let s: MailSnapshot = {
    version: 2,
    host: { name: RANDOM_HOST_NAME, flavor },
    domains,
    domainOwners,
    strictDomains: domains.filter(() => r.chance(0.15)),
    accounts: owners.flatMap((owner) =>
      r
        .shuffle(ACCOUNT_NAMES)
        .slice(0, r.int(0, 4))
        .map((name) => ({ name, owner, passwordHash: PASSWORD_HASH, quotaMb: 1024 })),
    ),
    aliases: [],
    virtmaps: [],
  };
  const tryAdd = (next: MailSnapshot) => {
    if (checkSnapshot(next).length === 0) s = next;
  };
  for (const owner of owners) {
    for (const name of r.shuffle(ALIAS_NAMES).slice(0, r.int(0, 3))) {
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const before = s;
        tryAdd({ ...s, aliases: [...s.aliases, randomOwnedAlias(r, s, owner, name)] });
        if (s !== before) break;
      }
    }
  }
  const virtmapCount = r.int(0, 8);
  for (let i = 0, attempts = 0; i < virtmapCount && attempts < virtmapCount * 4; attempts += 1) {
    const domain = r.pick(s.domains);
    const own = ownedNames(s, domainOwners[domain] ?? '');
    const localPart = r.chance(0.25) ? '' : r.pick([...own, ...KEY_LOCALS]);
    if (s.virtmaps.some((v) => v.domain === domain && v.localPart === localPart)) continue;
    const target = randomOwnedVirtmapTarget(r, s, domain, own);
    const before = s;
    tryAdd({ ...s, virtmaps: [...s.virtmaps, { domain, localPart, target }] });
    if (s !== before) i += 1;
  }
  return s;
}

function ownedNames(s: MailSnapshot, owner: string): string[] {
  return [...new Set([...s.accounts, ...s.aliases].filter((n) => n.owner === owner).map((n) => n.name))];
}

function randomOwnedAlias(r: Picker, s: MailSnapshot, owner: string, name: string): SnapshotAlias {
  const own = ownedNames(s, owner).filter((n) => n !== name);
  const accounts = s.accounts.filter((a) => a.owner === owner).map((a) => a.name);
  const targets: AliasTarget[] = [];
  for (let i = 0, count = r.int(1, 3); i < count; i += 1) {
    const roll = r.int(0, 9);
    let target: AliasTarget;
    if (roll <= 3 && own.length > 0) target = { kind: 'local', name: r.pick(own) };
    else if (roll === 4 && accounts.length > 0) target = { kind: 'account', name: r.pick(accounts) };
    else if (roll === 5 && accounts.includes(name)) target = { kind: 'local', name };
    else if (roll === 7 && r.int(0, 1) === 0) target = { kind: 'local', name: r.pick([...own, name]), detail: 'news' };
    // An address at any domain of the host, another customer's too: an explicit forward.
    else if (roll === 6) target = { kind: 'external', address: `${r.pick([...own, ...ACCOUNT_NAMES.slice(0, 4)])}@${r.pick(s.domains)}` };
    else if (roll === 9 && r.int(0, 1) === 0) target = { kind: 'discard' };
    else target = { kind: 'external', address: `${r.pick(['ext', 'someone', 'Mixed.Case'])}@${r.pick(FOREIGN_DOMAINS)}` };
    if (!targets.some((t) => JSON.stringify(t) === JSON.stringify(target))) targets.push(target);
  }
  return { name, owner, targets };
}

function randomOwnedVirtmapTarget(r: Picker, s: MailSnapshot, domain: string, own: string[]): VirtmapTarget {
  const roll = r.int(0, 11);
  if (roll <= 3 && own.length > 0) return { kind: 'local', name: r.pick(own) };
  if (roll === 4) return { kind: 'external', address: `${r.pick(['ext', 'someone'])}@${r.pick(FOREIGN_DOMAINS)}` };
  if (roll === 5)
    return {
      kind: 'external',
      address: `${r.pick([...own, ...ACCOUNT_NAMES.slice(0, 4)])}@${r.pick(s.domains.filter((d) => d !== domain).concat(FOREIGN_DOMAINS[0] as string))}`,
    };
  if (roll === 6) return { kind: 'domainRedirect', domain: r.pick([...s.domains.filter((d) => d !== domain), ...FOREIGN_DOMAINS]) };
  if (roll === 7) return { kind: 'localPart' };
  if (roll === 8) return detailTarget(r, s, domain, own);
  return { kind: 'reject', code: r.pick(REJECT_CODES), text: r.pick(REJECT_TEXTS) };
}
