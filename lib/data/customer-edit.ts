import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { limitProblems } from '../mail/limits';
import type { CustomerEditInput } from '../validation/tenants';
import { recordAudit } from './audit';
import { changedFields } from './audit-changes';
import { DomainError, NotFoundError } from './errors';
import { assertCan } from './guard';
import { assertUnchanged, stillThere } from './edit-version';
import { lockReseller, usedLimits } from './limits';
import { customerScope, hostsOfReseller, ofCustomer } from './scope';
import { isUniqueViolation } from './unique';

// A customer's name, limits, and whether it adds its own domains (and on which of its reseller's hosts),
// changed by its reseller or an operator. Limits stay within the reseller's and never below what the
// customer already holds: lowering a limit takes nothing away, the user removes things first.

const EDITABLE = {
  name: true,
  maxDomains: true,
  maxAccounts: true,
  maxAliases: true,
  maxVirtmaps: true,
  maxQuotaMb: true,
  mayAddDomains: true,
} as const;

/** The customer as its edit form starts: its fields, its own hosts, and the reseller's hosts to choose from. */
export async function getCustomerForEdit(actor: Actor, id: string) {
  const customer = await db().customer.findFirst({
    where: { AND: [customerScope(actor), { id }] },
    select: { id: true, resellerId: true, updatedAt: true, ...EDITABLE, mailHosts: { select: { mailHostId: true } } },
  });
  if (!customer) throw new NotFoundError('That customer');
  assertCan(actor, 'update', { type: 'customer', resellerId: customer.resellerId, customerId: customer.id });
  const hosts = await db().mailHost.findMany({
    where: hostsOfReseller(customer.resellerId),
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  });
  return { ...customer, mailHostIds: customer.mailHosts.map((m) => m.mailHostId), hosts };
}

export async function updateCustomer(actor: Actor, id: string, input: CustomerEditInput) {
  try {
    return await db().$transaction(async (tx) => {
      const customer = await tx.customer.findFirst({
        where: { AND: [customerScope(actor), { id }] },
        select: { id: true, resellerId: true, ...EDITABLE, mailHosts: { select: { mailHostId: true } } },
      });
      if (!customer) throw new NotFoundError('That customer');
      assertCan(actor, 'update', { type: 'customer', resellerId: customer.resellerId, customerId: customer.id });
      // Under the limits lock, so a creation cannot take a slot between the count and the new limit.
      const reseller = await lockReseller(tx, customer.resellerId);
      // Every edit of a customer takes this lock first: read under it, its version is the saved one.
      const { version, ...edit } = input;
      assertUnchanged(
        await stillThere(tx.customer.findUnique({ where: { id: customer.id }, select: { updatedAt: true } }), 'That customer'),
        version,
        `Customer ${customer.name}`,
      );
      const problems = limitProblems(edit, await usedLimits(tx, ofCustomer(customer.id)), reseller);
      if (Object.keys(problems).length > 0) throw new DomainError('A limit is outside what it may be.', problems);
      const mailHostIds = await resellersHosts(tx, customer.resellerId, input.mailHostIds);
      if (input.mayAddDomains && mailHostIds.length === 0) {
        const message = 'Choose at least one host for the domains it adds.';
        throw new DomainError(message, { mailHostIds: [message] });
      }
      const { mailHostIds: _ids, ...fields } = edit;
      await tx.customer.update({ where: { id: customer.id }, data: fields, select: { id: true } });
      await tx.customerMailHost.deleteMany({ where: { customerId: customer.id } });
      await tx.customerMailHost.createMany({ data: mailHostIds.map((mailHostId) => ({ customerId: customer.id, mailHostId })) });
      const { mailHosts, id: _id, resellerId: _r, ...before } = customer;
      await recordAudit(tx, actor, {
        action: 'customer.update',
        targetType: 'customer',
        targetId: customer.id,
        resellerId: customer.resellerId,
        customerId: customer.id,
        details: changedFields(
          { ...before, mailHostIds: mailHosts.map((m) => m.mailHostId).sort() },
          { ...fields, mailHostIds: [...mailHostIds].sort() },
        ),
      });
      return { id: customer.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'name')) {
      throw new DomainError('You have a customer with that name already.', { name: ['You have a customer with that name already.'] });
    }
    throw error;
  }
}

/** The chosen hosts, each one of the reseller's own (a customer's hosts are a subset of its reseller's). */
async function resellersHosts(tx: Tx, resellerId: string, chosen: string[]): Promise<string[]> {
  const ids = [...new Set(chosen)];
  const found = await tx.resellerMailHost.count({ where: { resellerId, mailHostId: { in: ids } } });
  if (found !== ids.length) {
    throw new DomainError("Choose mail hosts from the reseller's own.", { mailHostIds: ["Choose mail hosts from the reseller's own."] });
  }
  return ids;
}
