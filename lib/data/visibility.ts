import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { ownCustomersScope } from './scope';

/**
 * The tags of the customers whose part of a host the actor sees (lib/mail/own-words.ts), or null for
 * all (operators). A customer sees its own; a reseller its customers'. Nothing of another customer — a
 * domain, a name, where its mail goes — is ever shown or hinted at (docs/tenancy.md).
 */
export async function ownerTags(actor: Actor, tx: Tx = db()): Promise<Set<string> | null> {
  if (actor.kind === 'admin' || actor.kind === 'support') return null;
  const customers = await tx.customer.findMany({ where: ownCustomersScope(actor), select: { mailTag: true } });
  return new Set(customers.map((c) => c.mailTag));
}
