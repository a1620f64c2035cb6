import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { recordAudit } from './audit';
import { lockReseller } from './limits';
import { DomainError, NotFoundError } from './errors';
import { assertCan } from './guard';
import { customerScope, ofCustomer, resellerScope } from './scope';
import { markHostChanged } from './sync-trigger';

// Deleting a customer (its reseller, or an operator) or a reseller (an operator) with everything it holds:
// logins, domains with their virtmaps, accounts with their autoreplies, aliases. The user first sees what
// goes (describe…), then types the name. Each mail host that carried any of it is locked as every mail
// change locks it (lib/data/mail-change.ts) and marked changed in the same transaction, so the worker
// publishes the host without the deleted addresses.

/** A big tenant's rows take longer to delete than the default 5 s a transaction may hold its locks. */
const LONG = { timeout: 120_000 };

/** What a customer or reseller takes with it, as the review page shows it. */
export interface DeletionReview {
  name: string;
  logins: string[];
  customers: string[];
  domains: string[];
  accounts: number;
  aliases: number;
  virtmaps: number;
  hosts: string[];
}

async function holdings(tx: Tx, customerIds: string[]) {
  const owned = { customerId: { in: customerIds } };
  const [domains, accounts, aliases, virtmaps, hostRows] = await Promise.all([
    tx.domain.findMany({ where: owned, orderBy: { name: 'asc' }, select: { name: true } }),
    tx.account.count({ where: owned }),
    tx.alias.count({ where: owned }),
    tx.virtmap.count({ where: { domain: owned } }),
    tx.mailHost.findMany({
      where: { OR: [{ domains: { some: owned } }, { accounts: { some: owned } }, { aliases: { some: owned } }] },
      orderBy: { id: 'asc' },
      select: { id: true, name: true },
    }),
  ]);
  return { domains: domains.map((d) => d.name), accounts, aliases, virtmaps, hostRows };
}

async function loadCustomer(tx: Tx, actor: Actor, id: string) {
  const customer = await tx.customer.findFirst({
    where: { AND: [customerScope(actor), { id }] },
    select: { id: true, name: true, resellerId: true, users: { select: { email: true }, orderBy: { email: 'asc' } } },
  });
  if (!customer) throw new NotFoundError('That customer');
  assertCan(actor, 'delete', { type: 'customer', resellerId: customer.resellerId, customerId: customer.id });
  return customer;
}

async function loadReseller(tx: Tx, actor: Actor, id: string) {
  const reseller = await tx.reseller.findFirst({
    where: { AND: [resellerScope(actor), { id }] },
    select: {
      id: true,
      name: true,
      users: { select: { email: true }, orderBy: { email: 'asc' } },
      customers: { select: { id: true, name: true, users: { select: { email: true } } }, orderBy: { name: 'asc' } },
    },
  });
  if (!reseller) throw new NotFoundError('That reseller');
  assertCan(actor, 'delete', { type: 'reseller', resellerId: reseller.id });
  return reseller;
}

export async function describeCustomerDeletion(actor: Actor, id: string): Promise<DeletionReview> {
  const customer = await loadCustomer(db(), actor, id);
  const held = await holdings(db(), [customer.id]);
  return {
    name: customer.name,
    logins: customer.users.map((u) => u.email),
    customers: [],
    ...held,
    hosts: held.hostRows.map((h) => h.name),
  };
}

export async function describeResellerDeletion(actor: Actor, id: string): Promise<DeletionReview> {
  const reseller = await loadReseller(db(), actor, id);
  const held = await holdings(
    db(),
    reseller.customers.map((c) => c.id),
  );
  const logins = [...reseller.users, ...reseller.customers.flatMap((c) => c.users)].map((u) => u.email).sort();
  return {
    name: reseller.name,
    logins,
    customers: reseller.customers.map((c) => c.name),
    ...held,
    hosts: held.hostRows.map((h) => h.name),
  };
}

function assertTyped(name: string, typed: string) {
  if (typed !== name) throw new DomainError('Type the name exactly to confirm.', { confirmName: [`Type ${name} to confirm.`] });
}

/**
 * Removes the customers' mail objects and the customers themselves (their logins and host marks go with
 * them), having locked each host they used; then marks those hosts changed. Returns what went.
 */
async function removeCustomers(tx: Tx, customerIds: string[]) {
  const held = await holdings(tx, customerIds);
  // Hosts in id order, as everywhere two locks are taken, so two deletions cannot wait on each other.
  for (const host of held.hostRows) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`mailhost:${host.id}`}))`;
  for (const customerId of customerIds) {
    const owned = ofCustomer(customerId);
    await tx.alias.deleteMany({ where: owned }); // their targets go with them
    await tx.account.deleteMany({ where: owned }); // their autoreplies go with them
    await tx.domain.deleteMany({ where: owned }); // their virtmaps go with them
    await tx.customer.delete({ where: { id: customerId }, select: { id: true } }); // logins, host marks and host choices go with it
  }
  for (const host of held.hostRows) await markHostChanged(tx, host.id);
  return {
    domains: held.domains,
    accounts: held.accounts,
    aliases: held.aliases,
    virtmaps: held.virtmaps,
    hosts: held.hostRows.map((h) => h.name),
  };
}

export async function deleteCustomer(actor: Actor, id: string, confirmName: string) {
  await db().$transaction(async (tx) => {
    const found = await loadCustomer(tx, actor, id);
    // The limits lock first, as every edit of the customer takes it: a rename racing this deletion waits or
    // is waited for (never a deadlock), and the name typed is checked against the name as it is now.
    await lockReseller(tx, found.resellerId);
    const customer = await loadCustomer(tx, actor, id);
    assertTyped(customer.name, confirmName);
    const gone = await removeCustomers(tx, [customer.id]);
    await recordAudit(tx, actor, {
      action: 'customer.delete',
      targetType: 'customer',
      targetId: customer.id,
      resellerId: customer.resellerId,
      customerId: customer.id,
      details: { name: customer.name, logins: customer.users.map((u) => u.email), ...gone },
    });
  }, LONG);
}

export async function deleteReseller(actor: Actor, id: string, confirmName: string) {
  await db().$transaction(async (tx) => {
    const reseller = await loadReseller(tx, actor, id);
    assertTyped(reseller.name, confirmName);
    const gone = await removeCustomers(
      tx,
      reseller.customers.map((c) => c.id),
    );
    await tx.reseller.delete({ where: { id: reseller.id }, select: { id: true } }); // its logins and host assignments go with it
    await recordAudit(tx, actor, {
      action: 'reseller.delete',
      targetType: 'reseller',
      targetId: reseller.id,
      resellerId: reseller.id,
      details: { name: reseller.name, customers: reseller.customers.map((c) => c.name), ...gone },
    });
  }, LONG);
}
