import type { MailSnapshot, SnapshotAccount, SnapshotAlias, SnapshotVirtmap } from '@/lib/mail/snapshot';
import type { OwnedName, PatchDomain, SnapshotDelta } from '@/lib/mail/snapshot-patch';

// A host as its rows, for the tests of a snapshot patched after writes (lib/mail/snapshot-patch.ts) and
// of what is derived from one: the snapshot is built from the rows as the data layer reads them (sorted
// by code point), and a write's delta as the save journal gives it (the touched keys, read again).

export interface Rows {
  domains: Map<string, PatchDomain>;
  accounts: Map<string, SnapshotAccount>;
  aliases: Map<string, SnapshotAlias>;
  virtmaps: Map<string, SnapshotVirtmap>;
}

/** What a write touched, as the journal records it. */
export interface Touched {
  domains: Set<string>;
  accounts: OwnedName[];
  aliases: OwnedName[];
}

const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
export const ownedKey = (x: { owner?: string; name: string }) => `${x.owner}\u0000${x.name}`;
export const emptyRows = (): Rows => ({ domains: new Map(), accounts: new Map(), aliases: new Map(), virtmaps: new Map() });

export function snapshotOf(rows: Rows): MailSnapshot {
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

export function cloneRows(rows: Rows): Rows {
  return {
    domains: new Map(rows.domains),
    accounts: new Map(rows.accounts),
    aliases: new Map(rows.aliases),
    virtmaps: new Map(rows.virtmaps),
  };
}

/** The delta the save journal gives for `touched` after the writes: the touched keys as they are now. */
export function deltaOf(after: Rows, touched: Touched): SnapshotDelta {
  const whole = snapshotOf(after);
  const has = (list: OwnedName[]) => (x: { owner?: string; name: string }) => list.some((n) => ownedKey(n) === ownedKey(x));
  return {
    host: whole.host,
    domainsTouched: [...touched.domains],
    domains: whole.domains.filter((d) => touched.domains.has(d)).map((d) => after.domains.get(d) as PatchDomain),
    virtmaps: whole.virtmaps.filter((v) => touched.domains.has(v.domain)),
    accountsTouched: touched.accounts,
    accounts: whole.accounts.filter(has(touched.accounts)),
    aliasesTouched: touched.aliases,
    aliases: whole.aliases.filter(has(touched.aliases)),
  };
}
