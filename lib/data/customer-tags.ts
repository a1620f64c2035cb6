import './server-only';
import type { Tx } from '../db/client';
import { mailTagCandidates } from '../mail/tenancy';

/**
 * A tag no customer has yet, for a new customer called `name` (its names on a mail host become
 * `tag-name`: lib/mail/tenancy.ts). Read inside the creating transaction; the unique index settles a race.
 */
export async function freeMailTag(tx: Tx, name: string): Promise<string> {
  const candidates = mailTagCandidates(name);
  const taken = new Set(
    (await tx.customer.findMany({ where: { mailTag: { in: candidates } }, select: { mailTag: true } })).map((c) => c.mailTag),
  );
  for (const tag of candidates) {
    if (taken.has(tag)) continue;
    // Never a tag a kept bare-name login starts with: `tag-x` on the host would then equal that login.
    if (await tx.account.count({ where: { legacyLogin: { startsWith: `${tag}-` } } })) continue;
    return tag;
  }
  // Fifty customers named alike: fall back to a tag from the clock, still [a-z0-9]{1,12}.
  return `c${Date.now().toString(36)}`.slice(0, 12);
}
