import './server-only';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/password';
import { db, type Tx } from '../db/client';
import type { Status } from '../generated/prisma/enums';
import type { CustomerInput } from '../validation/tenants';
import { recordAudit, type AuditEntry } from './audit';
import { changeMailOnHosts } from './mail-change';
import { DomainError, NotFoundError } from './errors';
import { assertCan } from './guard';
import { customerScope, domainScope, resellerScope } from './scope';
import { isUniqueViolation, OWN_LOGIN_TAKEN } from './unique';
import { endTenantSessions } from './tenant-suspension';
import { freeMailTag } from './customer-tags';
import { resellerLoginScope } from '../auth/login-scope';
import { limitProblems, type Limits } from '../mail/limits';

/** Customers the actor may place a new domain under (for the domain form). */
export async function listCustomerChoices(actor: Actor) {
  return db().customer.findMany({
    where: { AND: [customerScope(actor), { status: 'ACTIVE' }] },
    orderBy: { name: 'asc' },
    take: 500,
    select: { id: true, name: true, resellerId: true, reseller: { select: { name: true } } },
  });
}

export async function getCustomer(actor: Actor, id: string) {
  const customer = await db().customer.findFirst({
    where: { AND: [customerScope(actor), { id }] },
    select: {
      id: true,
      name: true,
      status: true,
      createdAt: true,
      resellerId: true,
      maxDomains: true,
      maxAccounts: true,
      maxAliases: true,
      maxVirtmaps: true,
      maxQuotaMb: true,
      mayAddDomains: true,
      mailHosts: { select: { mailHost: { select: { name: true } } }, orderBy: { mailHost: { name: 'asc' } } },
      reseller: { select: { id: true, name: true } },
      users: { select: { email: true }, orderBy: { email: 'asc' } },
      _count: { select: { domains: true, accounts: true, aliases: true } },
    },
  });
  if (!customer) throw new NotFoundError('That customer');
  assertCan(actor, 'read', { type: 'customer', resellerId: customer.resellerId, customerId: customer.id });
  return customer;
}

/** Creates a customer with its first login. A customer's limits may not exceed its reseller's. */
export async function createCustomer(actor: Actor, input: CustomerInput) {
  const resellerId = actor.kind === 'reseller' ? actor.resellerId : input.resellerId;
  if (!resellerId) throw new DomainError('Choose the reseller.', { resellerId: ['Choose the reseller.'] });
  assertCan(actor, 'create', { type: 'customer', resellerId, customerId: '' });
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      assertWithinReseller(input, await activeReseller(tx, actor, resellerId));
      const customer = await tx.customer.create({
        data: {
          resellerId,
          name: input.name,
          mailTag: await freeMailTag(tx, input.name),
          maxDomains: input.maxDomains,
          maxAccounts: input.maxAccounts,
          maxAliases: input.maxAliases,
          maxVirtmaps: input.maxVirtmaps,
          maxQuotaMb: input.maxQuotaMb,
          users: {
            create: { email: input.email, loginScope: resellerLoginScope(resellerId), name: input.name, passwordHash, role: 'CUSTOMER' },
          },
        },
        select: { id: true, name: true },
      });
      await recordAudit(tx, actor, {
        action: 'customer.create',
        targetType: 'customer',
        targetId: customer.id,
        resellerId,
        customerId: customer.id,
        details: { name: customer.name, login: input.email },
      });
      return customer;
    });
  } catch (error) {
    throw takenAsDomainError(error);
  }
}

/** The reseller a new customer goes under: within the actor's scope, and active. */
async function activeReseller(tx: Tx, actor: Actor, resellerId: string) {
  const reseller = await tx.reseller.findFirst({ where: { AND: [resellerScope(actor), { id: resellerId }] } });
  if (!reseller) throw new NotFoundError('That reseller');
  if (reseller.status !== 'ACTIVE') throw new DomainError('The reseller is suspended: no customers can be added.');
  return reseller;
}

/** A customer's limits may not exceed its reseller's (a new customer uses nothing yet). */
function assertWithinReseller(input: CustomerInput, reseller: Limits): void {
  const nothing = { maxDomains: 0, maxAccounts: 0, maxAliases: 0, maxVirtmaps: 0, maxQuotaMb: 0 };
  const { maxDomains, maxAccounts, maxAliases, maxVirtmaps, maxQuotaMb } = input;
  const fieldErrors = limitProblems({ maxDomains, maxAccounts, maxAliases, maxVirtmaps, maxQuotaMb }, nothing, reseller);
  if (Object.keys(fieldErrors).length > 0) throw new DomainError("A limit is above the reseller's own.", fieldErrors);
}

/** A login or name already taken, in the user's words; any other error as it is. */
function takenAsDomainError(error: unknown): unknown {
  if (isUniqueViolation(error, 'email')) return new DomainError(OWN_LOGIN_TAKEN, { email: [OWN_LOGIN_TAKEN] });
  if (isUniqueViolation(error, 'name')) {
    return new DomainError('You have a customer with that name already.', { name: ['You have a customer with that name already.'] });
  }
  return error;
}

/**
 * Suspends or reactivates a customer (what stops: lib/data/tenant-suspension.ts). With `stopMail`, its
 * enabled domains are disabled too, marked as disabled with the customer, in one reviewed change of their
 * hosts; reactivating enables exactly those again (a domain disabled before the suspension stays off).
 */
export async function setCustomerStatus(actor: Actor, id: string, status: Status, options: { stopMail?: boolean } = {}) {
  const load = async (tx: Tx) => {
    const customer = await tx.customer.findFirst({
      where: { AND: [customerScope(actor), { id }] },
      select: { id: true, name: true, resellerId: true },
    });
    if (!customer) throw new NotFoundError('That customer');
    assertCan(actor, 'update', { type: 'customer', resellerId: customer.resellerId, customerId: customer.id });
    const domainsWhere =
      status === 'SUSPENDED' ? (options.stopMail ? { enabled: true } : { id: { in: [] as string[] } }) : { suspendedWithCustomer: true };
    const domains = await tx.domain.findMany({
      where: { AND: [domainScope(actor), { customerId: customer.id }, domainsWhere] },
      select: { id: true, name: true, mailHostId: true },
    });
    return { customer, domains };
  };
  const write = async (tx: Tx) => {
    const { customer, domains } = await load(tx);
    await tx.customer.updateMany({ where: { AND: [customerScope(actor), { id: customer.id }] }, data: { status } });
    if (status === 'SUSPENDED') await endTenantSessions(tx, { customerId: customer.id });
    const enabled = status === 'ACTIVE';
    await tx.domain.updateMany({
      where: { AND: [domainScope(actor), { id: { in: domains.map((d) => d.id) } }] },
      data: { enabled, suspendedWithCustomer: !enabled },
    });
    const tenant = { resellerId: customer.resellerId, customerId: customer.id };
    const audits: AuditEntry[] = [
      {
        action: enabled ? 'customer.activate' : 'customer.suspend',
        targetType: 'customer',
        targetId: customer.id,
        ...tenant,
        details: { name: customer.name, mailStopped: !enabled && domains.length > 0, domains: domains.map((d) => d.name) },
      },
      ...domains.map((d) => ({
        action: enabled ? 'domain.enable' : 'domain.disable',
        targetType: 'domain',
        targetId: d.id,
        ...tenant,
        details: { name: d.name, mailHostId: d.mailHostId, before: { enabled: !enabled }, after: { enabled }, withCustomer: true },
      })),
    ];
    return { audits, hosts: domains.map((d) => d.mailHostId) };
  };
  const { domains } = await load(db());
  if (domains.length === 0) {
    await db().$transaction(async (tx) => {
      for (const audit of (await write(tx)).audits) await recordAudit(tx, actor, audit);
    });
    return;
  }
  // Domains change on their hosts: the same locked, reviewed step as any mail change (confirmed here by
  // the suspension page, which lists them), marking each host for sync.
  await changeMailOnHosts(
    actor,
    domains.map((d) => d.mailHostId),
    { confirm: () => true },
    async (tx) => {
      const { audits } = await write(tx);
      return { result: undefined, audits, probes: {} };
    },
  );
}
