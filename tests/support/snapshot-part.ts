import type { HostKeys, HostPart } from '@/lib/mail/partial-host';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { hostName } from '@/lib/mail/tenancy';

/**
 * The part of a whole snapshot a loader would give for `keys` (lib/mail/partial-host.ts, HostPart), as
 * lib/data/host-nearby.ts reads it from the database: the tests' loader over a snapshot in memory.
 */
export function partOf(whole: MailSnapshot, keys: HostKeys): HostPart {
  const domains = new Set(keys.domains.map((d) => d.toLowerCase()));
  const names = new Set(keys.names.map((n) => n.toLowerCase()));
  const owners = whole.domainOwners ?? {};
  // One object of each owner asked for: its first name, else its first domain.
  const present = new Set<string>();
  const firstOf = (owner: string | undefined) =>
    owner !== undefined && keys.owners?.includes(owner) && !present.has(owner) && Boolean(present.add(owner));
  const named = (a: { owner?: string; name: string }) => names.has(hostName(a.owner, a.name).toLowerCase()) || firstOf(a.owner);
  const accounts = whole.accounts.filter(named);
  const aliases = whole.aliases.filter(named);
  const held = whole.domains.filter((d) => domains.has(d.toLowerCase()) || firstOf(owners[d]));
  const heldSet = new Set(held);
  return {
    domains: held,
    domainOwners: Object.fromEntries(held.filter((d) => d in owners).map((d) => [d, owners[d] as string])),
    strictDomains: (whole.strictDomains ?? []).filter((d) => heldSet.has(d)),
    accounts,
    aliases,
    virtmaps: whole.virtmaps.filter((v) => heldSet.has(v.domain)),
  };
}
