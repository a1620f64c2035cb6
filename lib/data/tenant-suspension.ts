import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { NotFoundError } from './errors';
import { assertCan } from './guard';
import { customerScope, resellerScope } from './scope';

// What suspending a customer or reseller stops, shown before it is done. Suspension is checked where a
// login is accepted (lib/data/sessions.ts: sign-in and every request of an open session), where a mailbox
// user uses the post office (lib/data/mailbox-sessions.ts), and where anything is added (domains, accounts,
// aliases, virtmaps). Nothing is taken off the mail hosts: mail keeps flowing. Suspending also ends every
// session of the tenant's logins for good (endTenantSessions), so reactivating does not revive them.

export interface SuspensionReview {
  name: string;
  logins: string[];
  customers: number;
  mailboxes: number;
  domains: number;
  /** A customer's enabled domains: what stops taking mail if its mail is stopped too (first 50). */
  enabledDomains: string[];
}

export async function describeCustomerSuspension(actor: Actor, id: string): Promise<SuspensionReview> {
  const customer = await db().customer.findFirst({
    where: { AND: [customerScope(actor), { id }] },
    select: {
      id: true,
      name: true,
      resellerId: true,
      users: { select: { email: true }, orderBy: { email: 'asc' } },
      _count: { select: { accounts: true, domains: true } },
      domains: { where: { enabled: true }, orderBy: { name: 'asc' }, take: 50, select: { name: true } },
    },
  });
  if (!customer) throw new NotFoundError('That customer');
  assertCan(actor, 'update', { type: 'customer', resellerId: customer.resellerId, customerId: customer.id });
  const { users, _count } = customer;
  return {
    name: customer.name,
    logins: users.map((u) => u.email),
    customers: 0,
    mailboxes: _count.accounts,
    domains: _count.domains,
    enabledDomains: customer.domains.map((d) => d.name),
  };
}

export async function describeResellerSuspension(actor: Actor, id: string): Promise<SuspensionReview> {
  const reseller = await db().reseller.findFirst({
    where: { AND: [resellerScope(actor), { id }] },
    select: { id: true, name: true, users: { select: { email: true } }, _count: { select: { customers: true } } },
  });
  if (!reseller) throw new NotFoundError('That reseller');
  assertCan(actor, 'update', { type: 'reseller', resellerId: reseller.id });
  const ofCustomers = { customer: { resellerId: reseller.id } };
  const [customerLogins, mailboxes, domains] = await Promise.all([
    db().user.findMany({ where: ofCustomers, select: { email: true } }),
    db().account.count({ where: ofCustomers }),
    db().domain.count({ where: ofCustomers }),
  ]);
  const logins = [...reseller.users, ...customerLogins].map((u) => u.email).sort();
  return { name: reseller.name, logins, customers: reseller._count.customers, mailboxes, domains, enabledDomains: [] };
}

/**
 * Ends every open session of a suspended tenant's logins: its panel users' session rows (and their
 * sessionVersion), and its mailboxes' postoffice sessions (sessionVersion). Run in the suspension's own
 * transaction. The per-request checks already refuse a suspended tenant; this is what keeps a cookie taken
 * before the suspension refused once the tenant is active again: its owner signs in anew.
 */
export async function endTenantSessions(tx: Tx, tenant: { customerId: string } | { resellerId: string }): Promise<void> {
  const users =
    'customerId' in tenant
      ? { customerId: tenant.customerId }
      : { OR: [{ resellerId: tenant.resellerId }, { customer: { resellerId: tenant.resellerId } }] };
  const accounts = 'customerId' in tenant ? { customerId: tenant.customerId } : { customer: { resellerId: tenant.resellerId } };
  await tx.userSession.updateMany({ where: { endedAt: null, user: users }, data: { endedAt: new Date() } });
  await tx.user.updateMany({ where: users, data: { sessionVersion: { increment: 1 } } });
  await tx.account.updateMany({ where: accounts, data: { sessionVersion: { increment: 1 } } });
}
