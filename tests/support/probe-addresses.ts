import { isReservedName, isWildcardKey } from '@/lib/mail/names';
import { freshName } from '@/lib/mail/probes';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { hostView, viewNames } from '@/lib/mail/tenancy';
import { splitAddress } from '@/lib/mail/targets';
import { splitDetail, virtmapsByDomain } from '@/lib/mail/virtmap-lookup';

// Addresses worth asking about for one snapshot: every way an address can be looked up differently.
// The differential tests ask the resolver and the real MTA about each. Reserved names (root,
// postmaster…) are left out: the mail host's own configuration answers for them, not the panel.

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
    // sendmail's wildcard keys tell an empty detail (`joe+`: `joe+*` and `+*` take it) from a detail.
    const wild = (byDomain.get(domain) ?? []).some((v) => isWildcardKey(v.localPart));
    for (const local of locals) {
      add(local, domain);
      if (upper) add(local.toUpperCase(), domain.toUpperCase());
      if (details) {
        const { user, detail } = splitDetail(local);
        add(`${user}+${PROBE_DETAIL}`, domain);
        if (detail !== undefined) add(user, domain);
        if (wild) add(`${user}+`, domain);
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

function targetAddresses(snapshot: MailSnapshot): string[] {
  const found: string[] = [];
  for (const alias of snapshot.aliases) {
    for (const t of alias.targets) if (t.kind === 'external') found.push(t.address);
  }
  for (const v of snapshot.virtmaps) if (v.target.kind === 'external') found.push(v.target.address);
  return found;
}
