// Which domain "Also create its address" (the new account form) starts on. Decided here, as a rule with
// a table of cases, rather than "the alphabetically first domain", which picked a domain whose catch-all
// sends every address to another domain (`%1@other`): an address there is an odd home for a mailbox.
//
// The choice: among the customer's domains on the account's host,
//  1. never a forwarding domain (its catch-all sends every address elsewhere: `%1@other` or an address);
//  2. a domain that takes mail (ownership proven) before one still waiting for proof;
//  3. the most used for mailboxes: the most addresses that deliver to an account or alias name;
//  4. then the first created (the customer's original domain), then by name.
// No domain qualifies: no address (the user can still pick any domain from the list).

export interface AddressDomainCandidate {
  id: string;
  name: string;
  /** Ownership proven: the domain takes mail. */
  verified: boolean;
  /** Its catch-all sends every address to another domain or an outside address. */
  forwardsAll: boolean;
  /** How many of its addresses deliver to a local name (an account or alias). */
  localAddresses: number;
  /** ISO time it was added. */
  createdAt: string;
}

/** The id of the domain to start on, or '' for "No address". */
export function suggestAddressDomain(domains: readonly AddressDomainCandidate[]): string {
  const ranked = domains
    .filter((d) => !d.forwardsAll)
    .sort(
      (a, b) =>
        Number(b.verified) - Number(a.verified) ||
        b.localAddresses - a.localAddresses ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.name.localeCompare(b.name),
    );
  return ranked[0]?.id ?? '';
}
