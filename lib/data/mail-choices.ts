import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { customerScope, domainScope } from './scope';

/**
 * What the account, alias and virtmap forms offer: the actor's customers, the hosts each customer may
 * use, and the customers' domains (the form filters them by the chosen customer and host).
 */
export async function mailFormChoices(actor: Actor) {
  const [customers, domains] = await Promise.all([
    db().customer.findMany({
      where: { AND: [customerScope(actor), { status: 'ACTIVE' }] },
      orderBy: { name: 'asc' },
      take: 500,
      select: {
        id: true,
        name: true,
        reseller: {
          select: { mailHosts: { where: { mailHost: { enabled: true } }, select: { mailHost: { select: { id: true, name: true } } } } },
        },
      },
    }),
    db().domain.findMany({
      where: { AND: [domainScope(actor), { enabled: true }] },
      orderBy: { name: 'asc' },
      take: 2000,
      select: {
        id: true,
        name: true,
        customerId: true,
        mailHostId: true,
        createdAt: true,
        verifiedAt: true,
        // What "Also create its address" starts on is decided from these (lib/mail/address-domain.ts).
        virtmaps: { where: { localPart: '' }, select: { targetKind: true } },
        _count: { select: { virtmaps: { where: { targetKind: 'LOCAL', localPart: { not: '' } } } } },
      },
    }),
  ]);
  return {
    customers: customers.map((c) => ({ id: c.id, name: c.name, hosts: c.reseller.mailHosts.map((m) => m.mailHost) })),
    domains: domains.map((d) => ({
      id: d.id,
      name: d.name,
      customerId: d.customerId,
      mailHostId: d.mailHostId,
      verified: d.verifiedAt !== null,
      forwardsAll: d.virtmaps.some((v) => v.targetKind === 'DOMAIN_REDIRECT' || v.targetKind === 'EXTERNAL'),
      localAddresses: d._count.virtmaps,
      createdAt: d.createdAt.toISOString(),
    })),
  };
}
export type MailFormChoices = Awaited<ReturnType<typeof mailFormChoices>>;
