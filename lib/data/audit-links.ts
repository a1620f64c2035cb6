import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { accountScope, aliasScope, customerScope, domainScope, mailHostScope, resellerScope, virtmapScope } from './scope';

/** The page that shows an audit event's object: its screen (lib/auth/screens.ts) and the id in its path. */
export interface ShownOn {
  screen: 'account' | 'alias' | 'domain' | 'customer' | 'reseller' | 'mailHost';
  id: string;
}

type Target = { targetType: string; targetId: string | null };

/**
 * Which of the events' objects still exist within the actor's tenant, and where each is shown (a virtmap on
 * its domain's page), keyed `type:id`. Read with the tenant in every where: a deleted object, or one the
 * actor may not see, gets no link, and nothing says which of the two it is.
 */
export async function auditLinks(actor: Actor, events: Target[]): Promise<Map<string, ShownOn>> {
  const ids = (type: string) => [...new Set(events.flatMap((e) => (e.targetType === type && e.targetId ? [e.targetId] : [])))];
  const inIds = (type: string) => ({ id: { in: ids(type).filter((id) => UUID.test(id)) } });
  const [accounts, aliases, domains, customers, resellers, hosts, virtmaps] = await Promise.all([
    db().account.findMany({ where: { AND: [accountScope(actor), inIds('account')] }, select: { id: true } }),
    db().alias.findMany({ where: { AND: [aliasScope(actor), inIds('alias')] }, select: { id: true } }),
    db().domain.findMany({ where: { AND: [domainScope(actor), inIds('domain')] }, select: { id: true } }),
    db().customer.findMany({ where: { AND: [customerScope(actor), inIds('customer')] }, select: { id: true } }),
    db().reseller.findMany({ where: { AND: [resellerScope(actor), inIds('reseller')] }, select: { id: true } }),
    db().mailHost.findMany({ where: { AND: [mailHostScope(actor), inIds('mailHost')] }, select: { id: true } }),
    db().virtmap.findMany({ where: { AND: [virtmapScope(actor), inIds('virtmap')] }, select: { id: true, domainId: true } }),
  ]);
  const links = new Map<string, ShownOn>();
  const add = (type: string, screen: ShownOn['screen'], rows: { id: string }[]) => {
    for (const r of rows) links.set(`${type}:${r.id}`, { screen, id: r.id });
  };
  add('account', 'account', accounts);
  add('alias', 'alias', aliases);
  add('domain', 'domain', domains);
  add('customer', 'customer', customers);
  add('reseller', 'reseller', resellers);
  add('mailHost', 'mailHost', hosts);
  for (const v of virtmaps) links.set(`virtmap:${v.id}`, { screen: 'domain', id: v.domainId });
  return links;
}

// A uuid column refuses anything else; target ids of other kinds (none today) are simply not linked.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
