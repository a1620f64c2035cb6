// Maps split into shards by domain (docs/publishing.md, "Shards"): a host's biggest maps (`virtual`,
// `recipients`, `access`, `transport` on Postfix; `virtusertable` on sendmail) are written as a base file
// (the header and the host-wide lines) and N shards, each holding the lines of the domains that hash to
// it. The MTA is configured with the base and every shard, in order (Postfix: a list of tables; sendmail:
// a `sequence` map), and takes the first that holds a key. No key is in two of them, so the answers are
// those of the one whole map; what a change costs on the host (write the text, copy and patch the .db)
// is then the size of its shard instead of the whole map. Pure and deterministic.

/** Shards a host may have: 1 is the plain layout (one file per map, as the README's `render` prints). */
export const MAX_SHARDS = 64;

/** A shard's file name: the base name and its two-digit number (`virtual.07`). */
export function shardFile(base: string, index: number): string {
  return `${base}.${String(index).padStart(2, '0')}`;
}

/** Every shard file of `base` for `shards` shards, in order (none for the plain layout). */
export function shardFiles(base: string, shards: number): string[] {
  return shards > 1 ? Array.from({ length: shards }, (_, i) => shardFile(base, i)) : [];
}

const SHARD_NAME = /^(.+)\.(\d{2})$/;

/** The base name of a shard file (`virtual.07` → `virtual`); any other name as it is. */
export function shardBase(name: string): string {
  const m = SHARD_NAME.exec(name);
  return m && Number(m[2]) < MAX_SHARDS ? (m[1] as string) : name;
}

/**
 * The shard of a domain: FNV-1a (32 bits) of its name, modulo the count. Stable across releases, since a
 * host's files on disk are named by it: changing it would move every domain at the next publish.
 */
export function shardOf(domain: string, shards: number): number {
  if (shards <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < domain.length; i++) {
    hash ^= domain.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** A valid shard count, or an error in the words a settings form or the command line shows. */
export function checkedShards(shards: number): number {
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS)
    throw new RangeError(`map shards must be a whole number from 1 to ${MAX_SHARDS} (got ${shards})`);
  return shards;
}

/** The domains of each shard, each list in the order given (one list, all of them, for the plain layout). */
export function shardDomains(domains: readonly string[], shards: number): string[][] {
  if (shards <= 1) return [[...domains]];
  const lists: string[][] = Array.from({ length: shards }, () => []);
  for (const d of domains) (lists[shardOf(d, shards)] as string[]).push(d);
  return lists;
}
