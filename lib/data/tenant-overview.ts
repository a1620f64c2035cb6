import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { ForbiddenError } from './errors';
import { getSyncStatus, type SyncState } from './host-sync-status';
import { accountScope, aliasScope, auditScope, customerScope, domainScope, resellerScope, virtmapScope } from './scope';

// The landing pages of a reseller (its dashboard) and of a customer (its overview): counts against limits,
// whether its changes are live on the mail hosts, and what happened lately. Counts and sums only (never
// every row), so they stay fast on a host with 100,000 addresses (scripts/bench.ts).

const RECENT = 8;

async function counts(actor: Actor) {
  const [domains, accounts, aliases, virtmaps, quota] = await Promise.all([
    db().domain.count({ where: domainScope(actor) }),
    db().account.count({ where: accountScope(actor) }),
    db().alias.count({ where: aliasScope(actor) }),
    db().virtmap.count({ where: virtmapScope(actor) }),
    db().account.aggregate({ where: accountScope(actor), _sum: { quotaMb: true } }),
  ]);
  return { domains, accounts, aliases, virtmaps, quotaMb: quota._sum.quotaMb ?? 0 };
}

/** The state of each mail host that carries the actor's domains, accounts or aliases (its own changes). */
async function hostStates(actor: Actor): Promise<{ id: string; name: string; state: SyncState }[]> {
  const hosts = await db().mailHost.findMany({
    where: {
      OR: [
        { domains: { some: domainScope(actor) } },
        { accounts: { some: accountScope(actor) } },
        { aliases: { some: aliasScope(actor) } },
      ],
    },
    orderBy: { name: 'asc' },
    take: 20,
    select: { id: true, name: true },
  });
  return Promise.all(hosts.map(async (h) => ({ ...h, state: (await getSyncStatus(actor, h.id)).state })));
}

async function recentActivity(actor: Actor) {
  return db().auditEvent.findMany({
    where: auditScope(actor),
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: RECENT,
    select: { id: true, at: true, actorLabel: true, action: true, targetType: true, details: true },
  });
}

export async function getResellerDashboard(actor: Actor) {
  if (actor.kind !== 'reseller') throw new ForbiddenError();
  const [reseller, customerCount, own, hosts, activity, customers] = await Promise.all([
    db().reseller.findFirstOrThrow({
      where: resellerScope(actor),
      select: { name: true, maxDomains: true, maxAccounts: true, maxAliases: true, maxVirtmaps: true, maxQuotaMb: true },
    }),
    db().customer.count({ where: customerScope(actor) }),
    counts(actor),
    hostStates(actor),
    recentActivity(actor),
    db().customer.findMany({
      where: customerScope(actor),
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: 50,
      select: {
        id: true,
        name: true,
        status: true,
        maxDomains: true,
        maxAccounts: true,
        _count: { select: { domains: true, accounts: true } },
      },
    }),
  ]);
  return { reseller, customerCount, counts: own, hosts, activity, customers };
}

export async function getCustomerOverview(actor: Actor) {
  if (actor.kind !== 'customer') throw new ForbiddenError();
  const [customer, own, hosts, activity] = await Promise.all([
    db().customer.findFirstOrThrow({
      where: customerScope(actor),
      select: {
        name: true,
        mayAddDomains: true,
        maxDomains: true,
        maxAccounts: true,
        maxAliases: true,
        maxVirtmaps: true,
        maxQuotaMb: true,
      },
    }),
    counts(actor),
    hostStates(actor),
    recentActivity(actor),
  ]);
  // A customer never sees hosts: one state for all of its mail, the least settled of its hosts'.
  const order: SyncState[] = ['failing', 'waiting', 'off', 'live'];
  const live = hosts.length === 0 ? null : (order.find((s) => hosts.some((h) => h.state === s)) ?? 'live');
  return { customer, counts: own, live, activity };
}
