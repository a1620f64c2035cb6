import './server-only';
import type { Actor } from '../auth/actor';
import type { Tx } from '../db/client';
import { DomainError, NotFoundError } from './errors';
import { assertCan } from './guard';
import { customerScope, hostsOfReseller, ofCustomer } from './scope';

// Who a new account, alias or virtmap belongs to, and on which host: the customer (in the actor's
// tenant, active) and a host its reseller may use.

export async function ownerFor(tx: Tx, actor: Actor, type: 'account' | 'alias' | 'virtmap', customerId: string | undefined) {
  const id = actor.kind === 'customer' ? actor.customerId : customerId;
  if (!id) throw new DomainError('Choose the customer.', { customerId: ['Choose the customer.'] });
  const customer = await tx.customer.findFirst({
    where: { AND: [customerScope(actor), { id }] },
    select: {
      id: true,
      name: true,
      status: true,
      resellerId: true,
      mailTag: true,
      maxAccounts: true,
      maxAliases: true,
      maxVirtmaps: true,
      maxQuotaMb: true,
      reseller: { select: { status: true } },
    },
  });
  if (!customer) throw new NotFoundError('That customer');
  assertCan(actor, 'create', { type, resellerId: customer.resellerId, customerId: customer.id });
  if (customer.status !== 'ACTIVE' || customer.reseller.status !== 'ACTIVE') {
    throw new DomainError(`${customer.name} is suspended: nothing can be added.`);
  }
  return customer;
}

/**
 * The host for a customer's new account or alias: the one asked for, or else the host of the customer's
 * domains when they are all on one. It must be enabled and assigned to the customer's reseller.
 */
export async function hostFor(tx: Tx, customer: { id: string; resellerId: string }, mailHostId: string | undefined) {
  if (!mailHostId) {
    const hosts = await tx.domain.findMany({
      where: ofCustomer(customer.id),
      distinct: ['mailHostId'],
      select: { mailHostId: true },
      take: 2,
    });
    if (hosts.length !== 1 || !hosts[0]) throw new DomainError('Choose the mail host.', { mailHostId: ['Choose the mail host.'] });
    mailHostId = hosts[0].mailHostId;
  }
  const host = await tx.mailHost.findFirst({
    where: { AND: [hostsOfReseller(customer.resellerId), { id: mailHostId, enabled: true }] },
    select: { id: true, name: true },
  });
  if (!host) throw new DomainError('Choose one of your mail hosts.', { mailHostId: ['Choose one of your mail hosts.'] });
  return host;
}
