import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { customerScope, domainScope, mailHostScope, resellerScope } from './scope';

/** Counts for the landing page, each within the actor's tenant. */
export async function getOverview(actor: Actor) {
  const staff = actor.kind === 'admin' || actor.kind === 'support';
  const [resellers, customers, domains, mailHosts, actAs] = await Promise.all([
    staff ? db().reseller.count({ where: resellerScope(actor) }) : Promise.resolve(null),
    actor.kind === 'customer' ? Promise.resolve(null) : db().customer.count({ where: customerScope(actor) }),
    db().domain.count({ where: domainScope(actor) }),
    actor.kind === 'customer' ? Promise.resolve(null) : db().mailHost.count({ where: mailHostScope(actor) }),
    // Support acting as tenants right now (lib/data/support-sessions.ts): operators only.
    staff ? db().supportSession.count({ where: { endedAt: null, expiresAt: { gt: new Date() } } }) : Promise.resolve(null),
  ]);
  return { resellers, customers, domains, mailHosts, actAs };
}
