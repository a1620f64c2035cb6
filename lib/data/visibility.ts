import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import type { MailSnapshot } from '../mail/snapshot';
import { redactTrace } from '../mail/redact';
import type { Trace } from '../mail/trace-types';

const FOREIGN = 'a name of another customer on this mail host';

/**
 * The account and alias names on a host that the actor may see, or null for all (operators). Names are
 * host-wide and shared by every customer on the host; what belongs to another customer is shown only as
 * "another customer's name" in traces and previews.
 */
export async function visibleNames(actor: Actor, mailHostId: string, tx: Tx = db()): Promise<Set<string> | null> {
  if (actor.kind === 'admin' || actor.kind === 'support') return null;
  const owner =
    actor.kind === 'customer' ? { customerId: actor.customerId }
    : actor.kind === 'reseller' ? { customer: { resellerId: actor.resellerId } }
    : { customerId: actor.customerId, name: '' };
  // One after the other: inside a transaction the queries share one connection.
  const accounts = await tx.account.findMany({ where: { mailHostId, ...owner }, select: { name: true } });
  const aliases = await tx.alias.findMany({ where: { mailHostId, ...owner }, select: { name: true } });
  return new Set([...accounts, ...aliases].map((n) => n.name));
}

/**
 * A trace fit to show the actor: names of other customers' accounts and aliases (only names that exist
 * and are someone else's; an unknown name is shown as typed) become FOREIGN, in every field and sentence.
 */
export function redactForActor(trace: Trace, snapshot: MailSnapshot, visible: Set<string> | null): Trace {
  if (!visible) return trace;
  const foreign = new Set([...snapshot.accounts, ...snapshot.aliases].map((n) => n.name).filter((n) => !visible.has(n)));
  return foreign.size === 0 ? trace : redactTrace(trace, (name) => foreign.has(name), FOREIGN);
}
