import { mapTraceNames } from './trace-names';
import type { MailSnapshot } from './snapshot';
import { notePartOfHost, viewNames } from './tenancy';
import type { Trace } from './trace-types';

// What a customer (or its reseller) is shown of a host with owners (lib/mail/tenancy.ts): only its own
// part of the host, in its own words. Another customer's domains are as if they were not on the host, so
// the tracer answers for `x%theirs.example@mine.example` exactly as for a domain nobody holds (mail to an
// address there is shown relayed, as to any address elsewhere); names on the host (`tag-joe`) are told
// as the customer calls them (`joe`).

const views = new WeakMap<MailSnapshot, Map<string, MailSnapshot>>();

/**
 * `snapshot` (version 2) cut to what `owners` hold: their domains, their names and the virtmaps of their
 * domains. Kept per snapshot object and set of owners, so a kept host snapshot (lib/data/snapshot-cache.ts)
 * is cut, and its cut compiled into a host view, once.
 */
export function ownersView(snapshot: MailSnapshot, owners: ReadonlySet<string>): MailSnapshot {
  if (snapshot.version !== 2) return snapshot;
  const key = [...owners].sort().join(' ');
  const kept = views.get(snapshot) ?? new Map<string, MailSnapshot>();
  views.set(snapshot, kept);
  let view = kept.get(key);
  if (!view) kept.set(key, (view = notePartOfHost(cut(snapshot, owners))));
  return view;
}

function cut(snapshot: MailSnapshot, owners: ReadonlySet<string>): MailSnapshot {
  const mine = (owner: string | undefined) => owner !== undefined && owners.has(owner);
  const domainOwners = Object.fromEntries(Object.entries(snapshot.domainOwners ?? {}).filter(([, owner]) => mine(owner)));
  const domains = snapshot.domains.filter((d) => d in domainOwners);
  const held = new Set(domains);
  return {
    ...snapshot,
    domains,
    domainOwners,
    strictDomains: (snapshot.strictDomains ?? []).filter((d) => held.has(d)),
    accounts: snapshot.accounts.filter((a) => mine(a.owner)),
    aliases: snapshot.aliases.filter((a) => mine(a.owner)),
    virtmaps: snapshot.virtmaps.filter((v) => held.has(v.domain)),
  };
}

/**
 * `trace` (traced on `seen`, an owners' view of `whole`) with each copy forwarded to another customer's
 * domain on this host marked as such (rule 5 of docs/tenancy.md: a forward there is shown to its author as
 * what it is). Not for an address routed with "%": that must answer as for a domain nobody holds.
 */
export function markForwardsOnHost(trace: Trace, seen: MailSnapshot, whole: MailSnapshot): Trace {
  if (trace.steps.some((step) => step.kind === 'percentHack')) return trace;
  const mine = new Set(seen.domains);
  const held = new Set(whole.domains);
  const onHost = (address: string) => {
    const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
    return held.has(domain) && !mine.has(domain);
  };
  if (!trace.deliveries.some((d) => d.kind === 'external' && onHost(d.address))) return trace;
  return {
    ...trace,
    deliveries: trace.deliveries.map((d) => (d.kind === 'external' && onHost(d.address) ? { ...d, onHost: true as const } : d)),
  };
}

/** A function that tells host-level names in their customers' words (`ta-joe` → `joe`, `ta-%1` → `%1`). */
export function ownWords(...snapshots: MailSnapshot[]): (text: string) => string {
  // One table over all given snapshots (a review tells of the host before and after), applied once.
  const names = new Map(snapshots.flatMap((s) => [...viewNames(s).names]));
  const tags = [
    ...new Set([...snapshots.flatMap((s) => [...viewNames(s).domainOwners.values()]), ...[...names.values()].map((n) => n.owner)]),
  ];
  if (tags.length === 0) return (text) => text;
  const domains = new Set(snapshots.flatMap((s) => s.domains));
  // A host-level name is `tag-name`; not inside an address or a domain (`ta-shop.example` may be a domain).
  const pattern = new RegExp(
    `(?<![A-Za-z0-9._@+%-])(\\\\?)(?:${tags.join('|')})-([a-z0-9](?:[a-z0-9._-]*[a-z0-9_-])?|%1)(?![A-Za-z0-9_-]|\\.[A-Za-z0-9]|@)`,
    'g',
  );
  return (text) =>
    text.replace(pattern, (match: string, backslash: string, rest: string) => {
      const whole = match.slice(backslash.length);
      if (domains.has(whole)) return match;
      return backslash + (names.get(whole)?.name ?? rest);
    });
}

/**
 * `trace` told in its customers' words: every host-level name, in the fields and in the sentences. With
 * `withOwners` (a whole host's snapshot, where two customers may both have `joe`) each account delivery
 * also says whose it is.
 */
export function traceInOwnWords(trace: Trace, snapshot: MailSnapshot, withOwners = false): Trace {
  const words = ownWords(snapshot);
  const { names } = viewNames(snapshot);
  const told = mapTraceNames(trace, (n) => names.get(n)?.name ?? words(n), words);
  if (!withOwners) return told;
  const deliveries = told.deliveries.map((d, i) => {
    const owner = d.kind === 'account' ? names.get((trace.deliveries[i] as { name: string }).name)?.owner : undefined;
    return owner ? { ...d, owner } : d;
  });
  return { ...told, deliveries };
}
