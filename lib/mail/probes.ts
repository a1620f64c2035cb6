import { isReservedName } from './names';
import type { MailSnapshot } from './snapshot';
import { hostView, viewNames } from './tenancy';
import { splitAddress } from './targets';
import { splitDetail, virtmapsByDomain } from './virtmap-lookup';

// Addresses worth asking about for one snapshot: every way an address can be looked up differently.
// The differential tests ask the resolver and the real MTA about each; the route diff compares them
// before and after a change. Reserved names (root, postmaster…) are left out: the mail host's own
// configuration answers for them, not the panel.

export interface ProbeOptions {
  /** `NAME@DOMAIN` variants in upper case (DOMAIN.md row 4). Default true. */
  upperCase?: boolean;
  /** `name+probe@domain` variants (DOMAIN.md row 5). Default true. */
  details?: boolean;
  /** A domain the host does not hold, to see relaying. Default "elsewhere.example". */
  foreignDomain?: string;
}

const PROBE_DETAIL = 'probe';

/** The probe addresses for `snapshot`, sorted and without duplicates. */
export function probeAddresses(given: MailSnapshot, options: ProbeOptions = {}): string[] {
  const upper = options.upperCase ?? true;
  const details = options.details ?? true;
  const foreign = options.foreignDomain ?? 'elsewhere.example';
  // On a host with owners (lib/mail/tenancy.ts) every customer's own names are asked at every domain, and
  // so are the names on the host: each must reach its own customer only, or be refused.
  const snapshot = hostView(given);
  const owned = [...viewNames(snapshot).names.values()].map((n) => n.name);
  const names = new Set<string>([...snapshot.accounts.map((a) => a.name), ...snapshot.aliases.map((a) => a.name), ...owned]);
  const unknown = freshName(snapshot, names);
  const probes = new Set<string>();
  const add = (local: string, domain: string) => {
    if (!isReservedName(splitDetail(local).user)) probes.add(`${local}@${domain}`);
  };
  const byDomain = virtmapsByDomain(snapshot.virtmaps);
  for (const domain of snapshot.domains) {
    const locals = new Set<string>(names);
    locals.add(unknown);
    for (const v of byDomain.get(domain) ?? []) if (v.localPart !== '') locals.add(v.localPart);
    for (const local of locals) {
      add(local, domain);
      if (upper) add(local.toUpperCase(), domain.toUpperCase());
      if (details) {
        const { user, detail } = splitDetail(local);
        add(`${user}+${PROBE_DETAIL}`, domain);
        if (detail !== undefined) add(user, domain);
        if (upper) add(`${user.toUpperCase()}+Probe`, domain);
      }
    }
  }
  for (const local of [...names, unknown].slice(0, 2)) add(local, foreign);
  for (const address of targetAddresses(snapshot)) {
    const parts = splitAddress(address);
    if (parts) add(parts.local, parts.domain.toLowerCase());
  }
  return [...probes].sort();
}

/** What a change's review asks (changeProbes). */
export interface ChangeProbeAsk {
  /** Local parts to ask at every domain; the catch-all's empty key is no address and is left out. */
  locals: Iterable<string>;
  /** The domains, in the order they are asked. */
  domains: readonly string[];
  /** Also ask a name none of `locals` is (freshName's convention), standing for every other address. */
  anyOther?: boolean;
}

/**
 * The addresses a change's review traces (lib/mail/change-review.ts, lib/mail/route-diff.ts): each local part
 * (sorted) at each domain (in the order given), without duplicates. The one picker of review probes: the
 * data layer reads the names and domains a change touches (lib/data/review-probes.ts) and asks this.
 */
export function changeProbes(ask: ChangeProbeAsk): string[] {
  const locals = new Set(ask.locals);
  locals.delete('');
  if (ask.anyOther) locals.add(unusedName(locals));
  const probes = new Set<string>();
  for (const local of [...locals].sort()) for (const domain of ask.domains) probes.add(`${local}@${domain}`);
  return [...probes];
}

/** A local name used nowhere in the snapshot, for "unknown user" probes. */
export function freshName(snapshot: MailSnapshot, names?: ReadonlySet<string>): string {
  if (names) return computeFreshName(snapshot, names);
  // Once per snapshot: a save asks for it several times, and each time reads every name and key.
  let fresh = freshNames.get(snapshot);
  if (fresh === undefined) freshNames.set(snapshot, (fresh = computeFreshName(snapshot)));
  return fresh;
}

const freshNames = new WeakMap<MailSnapshot, string>();

function computeFreshName(snapshot: MailSnapshot, names?: ReadonlySet<string>): string {
  const used = new Set(names ?? [...snapshot.accounts.map((a) => a.name), ...snapshot.aliases.map((a) => a.name)]);
  for (const v of snapshot.virtmaps) used.add(v.localPart);
  return unusedName(used);
}

// The one sentinel convention: "nobody-here", numbered when that is someone's name.
function unusedName(used: ReadonlySet<string>): string {
  let candidate = 'nobody-here';
  for (let i = 2; used.has(candidate); i += 1) candidate = `nobody-here${i}`;
  return candidate;
}

function targetAddresses(snapshot: MailSnapshot): string[] {
  const found: string[] = [];
  for (const alias of snapshot.aliases) {
    for (const t of alias.targets) if (t.kind === 'external') found.push(t.address);
  }
  for (const v of snapshot.virtmaps) if (v.target.kind === 'external') found.push(v.target.address);
  return found;
}
