import './server-only';
import type { Actor } from '../auth/actor';
import { mayOpen } from '../auth/policy';
import { db } from '../db/client';
import { mailHostScope } from './scope';

// Who may add a domain, and on which hosts: operators and resellers on the hosts they see; a customer only
// where its reseller lets it (Customer.mayAddDomains), on the hosts its reseller chose for it.

/** True when the actor may add a domain at all (the "Add domain" entries show only then). */
export async function mayAddDomains(actor: Actor): Promise<boolean> {
  if (!mayOpen(actor, 'domainNew')) return false;
  if (actor.kind !== 'customer') return true;
  const own = await db().customer.findFirst({
    where: { id: actor.customerId, resellerId: actor.resellerId, status: 'ACTIVE', mayAddDomains: true },
    select: { id: true },
  });
  return own !== null;
}

/** The enabled hosts a new domain of the actor's may go on. */
export async function domainHostChoices(actor: Actor) {
  const where =
    actor.kind === 'customer'
      ? { customers: { some: { customerId: actor.customerId, customer: { resellerId: actor.resellerId, mayAddDomains: true } } } }
      : mailHostScope(actor);
  return db().mailHost.findMany({
    where: { AND: [where, { enabled: true }] },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, flavor: true },
  });
}
