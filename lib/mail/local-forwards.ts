import type { MailSnapshot } from './snapshot';
import { splitAddress } from './targets';

// Rule 5 of docs/tenancy.md, its last part: a forward to an address at a domain this mail host holds is
// shown to its author as what it is. Such mail never leaves the host: it goes where that domain's
// owner sends it. A customer's own view of the host (lib/mail/own-words.ts) shows another customer's
// domain as if it were elsewhere, so the review says it once, when the author makes the forward.

/**
 * The addresses (or `%1@domain` redirects) that `owners` forward to in `after` but not in `before`, at a
 * domain of the host that someone else holds. Each once, sorted.
 */
export function newForwardsIntoHost(before: MailSnapshot, after: MailSnapshot, owners: ReadonlySet<string>): string[] {
  const held = after.domainOwners ?? {};
  const elsewhere = (domain: string) => {
    const owner = held[domain.toLowerCase()];
    return owner !== undefined && !owners.has(owner);
  };
  const was = new Set(forwards(before, owners));
  return [...new Set(forwards(after, owners))].filter((f) => !was.has(f) && elsewhere(f.slice(f.lastIndexOf('@') + 1))).sort();
}

function forwards(s: MailSnapshot, owners: ReadonlySet<string>): string[] {
  const mine = (owner: string | undefined) => owner !== undefined && owners.has(owner);
  const out: string[] = [];
  for (const alias of s.aliases) {
    if (!mine(alias.owner)) continue;
    for (const t of alias.targets) if (t.kind === 'external' && splitAddress(t.address)) out.push(t.address);
  }
  for (const v of s.virtmaps) {
    if (!mine(s.domainOwners?.[v.domain])) continue;
    if (v.target.kind === 'external') out.push(v.target.address);
    if (v.target.kind === 'domainRedirect') out.push(`%1@${v.target.domain}`);
  }
  return out;
}
