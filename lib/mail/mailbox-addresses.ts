import { traceWith } from './resolve';
import type { MailSnapshot } from './snapshot';
import { hostName } from './tenancy';
import type { Trace } from './trace-types';

// Which addresses reach one mailbox, and which mailbox an address reaches: the postoffice's login (an
// address that delivers to one account only) and its "your addresses" list, both read off the resolver so
// they agree with what the MTA does (virtmaps, aliases, catch-alls, the tenancy rule) rather than with a
// second reading of the tables.

/** The most addresses traced for one mailbox's list: a customer with huge tables gets the first ones. */
export const MAX_TRACED_ADDRESSES = 5000;

/** The mailboxes (host-level account names) a trace delivers into, each once; [] when refused. */
export function mailboxesReached(trace: Trace): string[] {
  if (!trace.rcpt.accepted) return [];
  return [...new Set(trace.deliveries.flatMap((d) => (d.kind === 'account' ? [d.name] : [])))];
}

/** The one mailbox `address` delivers into (copies sent elsewhere aside), or null for none or several. */
export function soleMailbox(snapshot: MailSnapshot, address: string): string | null {
  const reached = mailboxesReached(traceWith(snapshot, address, snapshot.host.flavor));
  return reached.length === 1 ? (reached[0] ?? null) : null;
}

/**
 * The addresses at the owner's domains that can reach a name of the owner: every virtmap key of those
 * domains and every one of the owner's account and alias names at each of them (the fall-through). Sorted,
 * at most MAX_TRACED_ADDRESSES.
 */
export function candidateAddresses(snapshot: MailSnapshot, owner: string): string[] {
  const domains = snapshot.domains.filter((d) => snapshot.domainOwners?.[d] === owner);
  const own = new Set(domains);
  const found = new Set<string>();
  for (const v of snapshot.virtmaps) if (v.localPart !== '' && own.has(v.domain)) found.add(`${v.localPart}@${v.domain}`);
  const names = new Set([...snapshot.accounts, ...snapshot.aliases].filter((x) => x.owner === owner).map((x) => x.name));
  for (const domain of domains) for (const name of names) found.add(`${name}@${domain}`);
  return [...found].sort().slice(0, MAX_TRACED_ADDRESSES);
}

/** Every candidate address whose mail lands in the owner's account `name` (a copy is enough), sorted. */
export function addressesReaching(snapshot: MailSnapshot, owner: string, name: string): string[] {
  const mailbox = hostName(owner, name);
  return candidateAddresses(snapshot, owner).filter((address) =>
    mailboxesReached(traceWith(snapshot, address, snapshot.host.flavor)).includes(mailbox),
  );
}
