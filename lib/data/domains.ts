import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import type { DomainInput } from '../validation/tenants';
import { ownershipRecord, reservedNameProblems } from '../mail/domain-ownership';
import { normalizeDomainName } from '../mail/domain-name';
import { hostNames } from './domain-ownership';
import { DomainError, NotFoundError } from './errors';
import { changeMail, type MailChangeOptions } from './mail-change';
import { assertCan } from './guard';
import { customerScope, domainScope, hostsOfReseller, ofCustomer } from './scope';
import { isUniqueViolation } from './unique';
import { assertRoom } from './limits';
import { reviewProbes } from './review-probes';

const TAKEN = 'That domain is already on this panel.';

/** One domain, with its ownership state and the TXT record that proves it (for whoever may see it). */
export async function getDomain(actor: Actor, id: string) {
  const found = await db().domain.findFirst({
    where: { AND: [domainScope(actor), { id }] },
    select: {
      id: true,
      name: true,
      enabled: true,
      strict: true,
      createdAt: true,
      updatedAt: true,
      verifyToken: true,
      verifiedAt: true,
      verifiedBy: true,
      customer: { select: { id: true, name: true, resellerId: true, mayAddDomains: true } },
      mailHost: { select: { id: true, name: true, flavor: true } },
      _count: { select: { virtmaps: true } },
    },
  });
  if (!found) throw new NotFoundError('That domain');
  assertCan(actor, 'read', domainResource(found.customer));
  const { verifyToken, ...domain } = found;
  return { ...domain, ownershipRecord: ownershipRecord(domain.name, verifyToken) };
}

/**
 * Adds a domain for a customer on a host assigned to its reseller, within both their limits. It runs through
 * the one change path (lib/data/mail-change.ts) like every mail write: under the host's lock, audited, the
 * host marked for sync. A new domain takes no mail until its ownership is proven, so nothing routes
 * differently and there is nothing to confirm.
 */
export async function createDomain(actor: Actor, input: DomainInput) {
  const name = storedDomainName(input.name);
  const found = await db().$transaction(async (tx) => {
    const customer = await domainOwner(tx, actor, input.customerId);
    return { customer, host: await assignedHost(tx, actor, customer, input.mailHostId) };
  });
  try {
    return await changeMail(actor, found.host.id, { confirm: () => true }, async (tx) => {
      // Again under the lock: suspended, or the host taken from the reseller, meanwhile?
      const customer = await domainOwner(tx, actor, input.customerId);
      await assignedHost(tx, actor, customer, found.host.id);
      await assertDomainFree(tx, name);
      await assertRoom(tx, 'domains', customer, 1, 'name');
      // Created unverified: it takes no mail until its ownership is proven (lib/data/domain-ownership.ts).
      const domain = await tx.domain.create({
        data: { name, customerId: customer.id, mailHostId: found.host.id },
        select: { id: true, name: true },
      });
      const details = { name: domain.name, mailHostId: found.host.id };
      const tenant = { resellerId: customer.resellerId, customerId: customer.id };
      return {
        result: domain,
        audit: { action: 'domain.create', targetType: 'domain', targetId: domain.id, ...tenant, details },
        probes: [],
      };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'name')) throw new DomainError(TAKEN, { name: [TAKEN] });
    throw error;
  }
}

/**
 * The name as stored, checked again here and not only by the form's schema: every caller (a script, an
 * import, a hand-made request) gets the same refusal of a line break, a space or a control character inside
 * the name, rather than a name written into the host's maps as two lines.
 */
function storedDomainName(typed: string): string {
  const checked = normalizeDomainName(typed);
  if (!checked.ok) throw new DomainError(checked.problems.join(' '), { name: checked.problems });
  return checked.value;
}

/** Not a name of a mail host's own, and not on this panel yet. */
async function assertDomainFree(tx: Tx, name: string) {
  assertNotReserved(name, await hostNames(tx));
  if (await tx.domain.findUnique({ where: { name }, select: { id: true } })) throw new DomainError(TAKEN, { name: [TAKEN] });
}

/** The customer a new domain is for: in the actor's tenant, and active. */
async function domainOwner(tx: Tx, actor: Actor, customerId: string) {
  const customer = await tx.customer.findFirst({
    where: { AND: [customerScope(actor), { id: customerId }] },
    select: {
      id: true,
      name: true,
      status: true,
      maxDomains: true,
      resellerId: true,
      mayAddDomains: true,
      reseller: { select: { status: true } },
    },
  });
  if (!customer) throw new NotFoundError('That customer');
  assertCan(actor, 'create', domainResource(customer));
  if (customer.status !== 'ACTIVE' || customer.reseller.status !== 'ACTIVE') {
    throw new DomainError(`${customer.name} is suspended: no domains can be added.`);
  }
  return customer;
}

/**
 * The host a new domain goes on: enabled, and assigned to the customer's reseller; a customer adding its own
 * domain also only on a host its reseller allows it (CustomerMailHost).
 */
async function assignedHost(tx: Tx, actor: Actor, customer: { id: string; resellerId: string }, mailHostId: string) {
  const host = await tx.mailHost.findFirst({
    where: {
      id: mailHostId,
      enabled: true,
      ...hostsOfReseller(customer.resellerId),
      ...(actor.kind === 'customer' ? { customers: { some: { customerId: customer.id } } } : {}),
    },
    select: { id: true },
  });
  if (!host) throw new DomainError('Choose one of your mail hosts.', { mailHostId: ['Choose one of your mail hosts.'] });
  return host;
}

// Names that are never a customer's (the host's own, localhost, .local …) are refused outright; for any
// other name, whether the customer holds it is proven later, before it takes mail.
function assertNotReserved(name: string, hosts: string[]) {
  const problems = reservedNameProblems(name, hosts);
  if (problems.length > 0) throw new DomainError(problems.join(' '), { name: problems });
}

/**
 * Enables or disables a domain. It goes through the same review as every mail change (so enabling a
 * domain whose virtmaps now point at names that no longer exist is refused); a toggle needs no preview.
 */
export async function setDomainEnabled(actor: Actor, id: string, enabled: boolean, options: Pick<MailChangeOptions, 'undoOf'> = {}) {
  const domain = await loadForChange(db(), actor, id, 'update');
  await changeMail(actor, domain.mailHostId, { ...options, confirm: () => true }, async (tx) => {
    const now = await loadForChange(tx, actor, id, 'update');
    await tx.domain.updateMany({ where: { AND: [domainScope(actor), { id: domain.id }] }, data: { enabled } });
    return {
      result: undefined,
      audit: {
        action: enabled ? 'domain.enable' : 'domain.disable',
        targetType: 'domain',
        targetId: domain.id,
        resellerId: domain.customer.resellerId,
        customerId: domain.customer.id,
        details: { name: domain.name, before: { enabled: now.enabled }, after: { enabled } },
      },
      probes: [],
    };
  });
}

/**
 * What stops when a domain is disabled, shown before the user confirms: its virtmaps, and (unless it is
 * strict) the customer's accounts and aliases on its host, which answer at name@domain through the
 * fall-through (docs/tenancy.md, rule 1). Mail to every one of these addresses is refused until it is enabled.
 */
export async function describeDomainDisable(actor: Actor, id: string) {
  const domain = await loadForChange(db(), actor, id, 'update');
  const { strict } = await db().domain.findUniqueOrThrow({ where: { id: domain.id }, select: { strict: true } });
  const names = { ...ofCustomer(domain.customer.id), mailHostId: domain.mailHostId };
  const [virtmaps, accounts, aliases] = await Promise.all([
    db().virtmap.count({ where: { domainId: domain.id } }),
    strict ? 0 : db().account.count({ where: names }),
    strict ? 0 : db().alias.count({ where: names }),
  ]);
  return { name: domain.name, strict, accounts, aliases, virtmaps };
}

/**
 * Makes a domain strict (only its own addresses exist: no fall-through to its customer's names) or open
 * again (docs/tenancy.md, rule 1). Reviewed like any mail change; the addresses that change are shown
 * before it is saved.
 */
export async function setDomainStrict(actor: Actor, id: string, strict: boolean, options: MailChangeOptions) {
  const domain = await loadForChange(db(), actor, id, 'update');
  await changeMail(actor, domain.mailHostId, options, async (tx) => {
    const now = await loadForChange(tx, actor, id, 'update');
    await tx.domain.updateMany({ where: { AND: [domainScope(actor), { id: domain.id }] }, data: { strict } });
    return {
      result: undefined,
      audit: {
        action: strict ? 'domain.strict' : 'domain.open',
        targetType: 'domain',
        targetId: domain.id,
        resellerId: domain.customer.resellerId,
        customerId: domain.customer.id,
        details: { name: domain.name, before: { strict: now.strict }, after: { strict } },
      },
      // The customer's account and alias names at the domain (at most 500 of each read).
      probes: await reviewProbes(tx, { mailHostId: domain.mailHostId, customerId: domain.customer.id }, { domain }, 500),
    };
  });
}

/** What deleting a domain takes with it, shown before the user confirms. */
export async function describeDomainDeletion(actor: Actor, id: string) {
  const domain = await loadForChange(db(), actor, id, 'delete');
  const virtmaps = await db().virtmap.findMany({
    where: { domainId: domain.id },
    orderBy: { localPart: 'asc' },
    take: 50,
    select: { localPart: true, targetKind: true, targetValue: true },
  });
  const virtmapCount = await db().virtmap.count({ where: { domainId: domain.id } });
  return {
    name: domain.name,
    virtmapCount,
    addresses: virtmaps.map((v) => (v.localPart === '' ? `@${domain.name} (catch-all)` : `${v.localPart}@${domain.name}`)),
  };
}

/** Deletes a domain and its virtmaps; the user must have typed the domain's name. */
export async function deleteDomain(actor: Actor, id: string, confirmName: string) {
  const domain = await loadForChange(db(), actor, id, 'delete');
  if (confirmName !== domain.name) {
    throw new DomainError('Type the domain name exactly to confirm.', { confirmName: [`Type ${domain.name} to confirm.`] });
  }
  // The typed name is the confirmation; the review still refuses what would break other routes.
  await changeMail(actor, domain.mailHostId, { confirm: () => true }, async (tx) => {
    await loadForChange(tx, actor, id, 'delete');
    const virtmaps = await tx.virtmap.count({ where: { domainId: domain.id } });
    await tx.domain.deleteMany({ where: { AND: [domainScope(actor), { id: domain.id }] } });
    // A login address at a domain that is gone is no login: it would also block whoever holds it next.
    await tx.account.updateMany({
      where: { ...ofCustomer(domain.customer.id), loginAddress: { endsWith: `@${domain.name}` } },
      data: { loginAddress: null },
    });
    return {
      result: undefined,
      audit: {
        action: 'domain.delete',
        targetType: 'domain',
        targetId: domain.id,
        resellerId: domain.customer.resellerId,
        customerId: domain.customer.id,
        details: { name: domain.name, virtmapsDeleted: virtmaps },
      },
      probes: [],
    };
  });
}

async function loadForChange(tx: Tx, actor: Actor, id: string, action: 'update' | 'delete') {
  const domain = await tx.domain.findFirst({
    where: { AND: [domainScope(actor), { id }] },
    select: {
      id: true,
      name: true,
      enabled: true,
      strict: true,
      mailHostId: true,
      customer: { select: { id: true, resellerId: true, mayAddDomains: true } },
    },
  });
  if (!domain) throw new NotFoundError('That domain');
  assertCan(actor, action, domainResource(domain.customer));
  return domain;
}

/** A customer's domain for the policy; a customer whose reseller allows it adds and deletes its own. */
function domainResource(customer: { id: string; resellerId: string; mayAddDomains?: boolean }) {
  return { type: 'domain' as const, resellerId: customer.resellerId, customerId: customer.id, selfService: customer.mayAddDomains };
}
