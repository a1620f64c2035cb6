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
/** The actor's own domains on a host, or null for all (operators). */
export async function ownDomains(actor: Actor, mailHostId: string, tx: Tx = db()): Promise<Set<string> | null> {
  if (actor.kind === 'admin' || actor.kind === 'support') return null;
  const owner =
    actor.kind === 'customer' ? { customerId: actor.customerId }
    : actor.kind === 'reseller' ? { customer: { resellerId: actor.resellerId } }
    : { customerId: actor.customerId, name: '' };
  const domains = await tx.domain.findMany({ where: { mailHostId, ...owner }, select: { name: true } });
  return new Set(domains.map((d) => d.name));
}

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
  if (foreign.size === 0) return trace;
  const named = redactTrace(trace, (name) => foreign.has(name), FOREIGN);
  // What happens after another customer's name is their business: where their alias forwards, which
  // accounts it reaches. Keep the step that reaches the name, drop what follows from it.
  const steps: Trace['steps'] = [];
  let hiddenBelow: number | null = null;
  let hidSomething = false;
  for (const step of named.steps) {
    if (hiddenBelow !== null && step.depth > hiddenBelow) continue;
    hiddenBelow = null;
    if ('name' in step && step.name === FOREIGN) {
      hiddenBelow = step.depth;
      hidSomething = true;
      const text = `→ ${FOREIGN}; where mail goes from there is for its owner to see.`;
      steps.push(step.kind === 'alias' ? { ...step, targets: [], text } : { ...step, text });
    } else {
      steps.push(step);
    }
  }
  if (!hidSomething) return named;
  const deliveries = named.deliveries.filter((d) => d.kind === 'account' && d.name !== FOREIGN && visible.has(d.name));
  return { ...named, steps, deliveries: [...deliveries, { kind: 'account', name: FOREIGN }] };
}
