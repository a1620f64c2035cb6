import { isDeepStrictEqual } from 'node:util';
import { indexSnapshot, virtmapKey } from './mail-index';
import type { MailSnapshot } from './snapshot';
import { compileHostView, hostView, viewNames } from './tenancy';
import { cachedIndex } from './trace-context';

// The check that what is derived from a patched snapshot (its host view, its index: lib/mail/tenancy.ts,
// lib/mail/index-patch.ts) is what a whole read gives: slow, for the test suites only.

/**
 * Where a patched snapshot's derived data differ from what a whole read's gives: its host view, and its
 * index (both flavours) on every key of `keysFrom` (the snapshots before and after, so keys that went away
 * are asked too). Empty when they agree. The test suites run it on every patch (lib/data/snapshot-cache.ts).
 */
export function derivedDifferences(patched: MailSnapshot, whole: MailSnapshot, keysFrom: readonly MailSnapshot[]): string[] {
  const out: string[] = [];
  const view = compileHostView(whole);
  if (!isDeepStrictEqual(hostView(patched), view)) out.push('host view');
  const tables = (v: MailSnapshot) => [[...viewNames(v).names], [...viewNames(v).domainOwners]];
  if (!isDeepStrictEqual(tables(hostView(patched)), tables(view))) out.push("host view's owners");
  for (const flavor of ['postfix', 'sendmail'] as const) {
    const index = cachedIndex(patched, flavor);
    const reference = indexSnapshot(view, flavor);
    for (const s of keysFrom.map(hostView)) {
      for (const d of s.domains)
        if (index.domains.has(d.toLowerCase()) !== reference.domains.has(d.toLowerCase())) out.push(`${flavor} domain ${d}`);
      for (const n of [...s.accounts, ...s.aliases].map((x) => x.name.toLowerCase())) {
        if (index.accounts.has(n) !== reference.accounts.has(n)) out.push(`${flavor} account ${n}`);
        if (index.aliases.get(n) !== reference.aliases.get(n) && !isDeepStrictEqual(index.aliases.get(n), reference.aliases.get(n)))
          out.push(`${flavor} alias ${n}`);
      }
      for (const v of s.virtmaps) {
        const key = virtmapKey(v.localPart, v.domain);
        if (!isDeepStrictEqual(index.virtmaps.get(key), reference.virtmaps.get(key))) out.push(`${flavor} virtmap ${key}`);
      }
    }
  }
  return out;
}
