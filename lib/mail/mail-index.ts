import { isWildcardKey } from './names';
import type { Flavor, MailSnapshot, SnapshotAlias, SnapshotVirtmap } from './snapshot';

// A snapshot indexed for lookups, the way the MTA sees it: names, keys and domains folded to lower case
// (DOMAIN.md row 4). A snapshot from the database has no duplicates; one from a file might, so they
// resolve as the map tools do (DOMAIN.md, Postfix difference 6): newaliases keeps the last alias of a
// name, postalias the first; makemap and postmap keep the first key.

/** The lookups an index answers (by lower-case key): all the resolver and the checks ask of it. */
export interface KeySet {
  has(key: string): boolean;
}
export interface KeyMap<V> extends KeySet {
  get(key: string): V | undefined;
}

export interface MailIndex {
  flavor: Flavor;
  domains: KeySet;
  accounts: KeySet;
  aliases: KeyMap<SnapshotAlias>;
  /** By key `local@domain` ("@domain" for the catch-all), lower case. */
  virtmaps: KeyMap<SnapshotVirtmap>;
}

export function indexSnapshot(snapshot: MailSnapshot, flavor: Flavor): MailIndex {
  const aliases = new Map<string, SnapshotAlias>();
  for (const alias of snapshot.aliases) {
    const name = alias.name.toLowerCase();
    if (flavor === 'sendmail' || !aliases.has(name)) aliases.set(name, alias);
  }
  const virtmaps = new Map<string, SnapshotVirtmap>();
  for (const virtmap of snapshot.virtmaps) {
    // Postfix has no wildcard keys (flavor-rules.ts): on Postfix they match nothing.
    if (flavor === 'postfix' && isWildcardKey(virtmap.localPart)) continue;
    const key = virtmapKey(virtmap.localPart, virtmap.domain);
    if (!virtmaps.has(key)) virtmaps.set(key, virtmap);
  }
  return {
    flavor,
    domains: new Set(snapshot.domains.map((d) => d.toLowerCase())),
    accounts: new Set(snapshot.accounts.map((a) => a.name.toLowerCase())),
    aliases,
    virtmaps,
  };
}

export function virtmapKey(localPart: string, domain: string): string {
  return `${localPart}@${domain}`.toLowerCase();
}
