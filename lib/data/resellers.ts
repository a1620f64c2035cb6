import './server-only';
import { randomUUID } from 'node:crypto';
import { resellerLoginScope } from '../auth/login-scope';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/password';
import { db, type Tx } from '../db/client';
import type { Status } from '../generated/prisma/enums';
import type { ResellerInput } from '../validation/tenants';
import { recordAudit } from './audit';
import { DomainError, NotFoundError } from './errors';
import { assertCan, assertKind } from './guard';
import { ofResellersCustomers, resellerScope } from './scope';
import { isUniqueViolation, LOGIN_TAKEN } from './unique';
import { endTenantSessions } from './tenant-suspension';

/** Active resellers for a choice list (operator forms). */
export async function listResellerChoices(actor: Actor) {
  assertKind(actor, 'admin', 'support');
  return db().reseller.findMany({
    where: { AND: [resellerScope(actor), { status: 'ACTIVE' }] },
    orderBy: { name: 'asc' },
    take: 1000,
    select: { id: true, name: true },
  });
}

export async function getReseller(actor: Actor, id: string) {
  const reseller = await db().reseller.findFirst({
    where: { AND: [resellerScope(actor), { id }] },
    select: {
      id: true,
      name: true,
      status: true,
      createdAt: true,
      maxDomains: true,
      maxAccounts: true,
      maxAliases: true,
      maxVirtmaps: true,
      maxQuotaMb: true,
      users: { select: { email: true }, orderBy: { email: 'asc' } },
      mailHosts: { select: { mailHost: { select: { id: true, name: true, flavor: true } } } },
      _count: { select: { customers: true } },
    },
  });
  if (!reseller) throw new NotFoundError('That reseller');
  assertCan(actor, 'read', { type: 'reseller', resellerId: reseller.id });
  const domains = await db().domain.count({ where: ofResellersCustomers(reseller.id) });
  return { ...reseller, domainCount: domains };
}

/** The chosen hosts exist, and the login email is free on the whole panel. */
async function assertCreatable(tx: Tx, input: ResellerInput): Promise<void> {
  const hosts = await tx.mailHost.count({ where: { id: { in: input.mailHostIds } } });
  if (hosts !== new Set(input.mailHostIds).size) {
    throw new DomainError('A chosen mail host no longer exists.', { mailHostIds: ['Choose mail hosts from the list.'] });
  }
  // Operators see every login, so for them a login email stays unique on the whole panel.
  if (await tx.user.count({ where: { email: input.email } })) throw new DomainError(LOGIN_TAKEN, { email: [LOGIN_TAKEN] });
}

/** Creates a reseller, its first login and its host assignments in one step. */
export async function createReseller(actor: Actor, input: ResellerInput) {
  assertKind(actor, 'admin', 'support');
  assertCan(actor, 'create', { type: 'reseller', resellerId: '' });
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      await assertCreatable(tx, input);
      const id = randomUUID(); // known before the row: its first login's scope names it
      const reseller = await tx.reseller.create({
        data: {
          id,
          name: input.name,
          maxDomains: input.maxDomains,
          maxAccounts: input.maxAccounts,
          maxAliases: input.maxAliases,
          maxVirtmaps: input.maxVirtmaps,
          maxQuotaMb: input.maxQuotaMb,
          users: { create: { email: input.email, loginScope: resellerLoginScope(id), name: input.name, passwordHash, role: 'RESELLER' } },
          mailHosts: { create: [...new Set(input.mailHostIds)].map((mailHostId) => ({ mailHostId })) },
        },
        select: { id: true, name: true },
      });
      await recordAudit(tx, actor, {
        action: 'reseller.create',
        targetType: 'reseller',
        targetId: reseller.id,
        resellerId: reseller.id,
        details: { name: reseller.name, login: input.email, mailHostIds: input.mailHostIds },
      });
      return reseller;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'email')) throw new DomainError(LOGIN_TAKEN, { email: [LOGIN_TAKEN] });
    if (isUniqueViolation(error)) {
      throw new DomainError('A reseller with that name exists already.', { name: ['A reseller with that name exists already.'] });
    }
    throw error;
  }
}

export async function setResellerStatus(actor: Actor, id: string, status: Status) {
  await db().$transaction(async (tx) => {
    const reseller = await tx.reseller.findFirst({ where: { AND: [resellerScope(actor), { id }] }, select: { id: true } });
    if (!reseller) throw new NotFoundError('That reseller');
    assertCan(actor, 'update', { type: 'reseller', resellerId: reseller.id });
    await tx.reseller.updateMany({ where: { AND: [resellerScope(actor), { id: reseller.id }] }, data: { status } });
    if (status === 'SUSPENDED') await endTenantSessions(tx, { resellerId: reseller.id });
    await recordAudit(tx, actor, {
      action: status === 'SUSPENDED' ? 'reseller.suspend' : 'reseller.activate',
      targetType: 'reseller',
      targetId: reseller.id,
      resellerId: reseller.id,
    });
  });
}
