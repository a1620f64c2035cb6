import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { customerScope } from './scope';

/** The customers a list's "Customer" filter offers: the actor's own (none for a customer: it is one). */
export async function filterCustomers(actor: Actor): Promise<{ id: string; name: string }[] | null> {
  if (actor.kind === 'customer' || actor.kind === 'mailbox') return null;
  return db().customer.findMany({
    where: customerScope(actor),
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: 300,
    select: { id: true, name: true },
  });
}
