import './server-only';
import type { Tx } from '../db/client';
import { DomainError } from './errors';

/**
 * Account and alias names are one namespace per mail host, shared by every customer on it (DOMAIN.md,
 * the model). A name another customer holds — as an account or as an alias — is theirs: an alias of
 * yours with their account's name would take (or copy) their mail, and an account of yours with their
 * alias's name would send your mail to them. Only the holder may use the name again (an alias with its
 * own account's name, which the review then warns about).
 */
export async function assertNameFree(tx: Tx, mailHostId: string, customerId: string, name: string, field = 'name'): Promise<void> {
  const where = { mailHostId, name, customerId: { not: customerId } };
  const taken = (await tx.account.count({ where })) + (await tx.alias.count({ where }));
  if (taken > 0) {
    const message = `The name ${name} is taken on this mail host by another customer; choose another.`;
    throw new DomainError(message, { [field]: [message] });
  }
}
