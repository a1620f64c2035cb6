import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { countOf, limitProblems } from '../mail/limits';
import type { ResellerEditInput } from '../validation/tenants';
import { recordAudit } from './audit';
import { changedFields } from './audit-changes';
import { DomainError, NotFoundError } from './errors';
import { assertCan } from './guard';
import { assertUnchanged, stillThere } from './edit-version';
import { lockReseller, usedLimits } from './limits';
import { ofResellersCustomers, resellerScope } from './scope';
import { isUniqueViolation } from './unique';

// A reseller's name, limits and mail hosts, changed by an operator. Its limits never go below what its
// customers hold together, and a host is not taken away while its customers' mail is still on it.

const EDITABLE = {
  name: true,
  maxDomains: true,
  maxAccounts: true,
  maxAliases: true,
  maxVirtmaps: true,
  maxQuotaMb: true,
  requireTwoFactor: true,
} as const;

/** The reseller as its edit form starts, with every host to choose from. */
export async function getResellerForEdit(actor: Actor, id: string) {
  const reseller = await db().reseller.findFirst({
    where: { AND: [resellerScope(actor), { id }] },
    select: { id: true, updatedAt: true, ...EDITABLE, mailHosts: { select: { mailHostId: true } } },
  });
  if (!reseller) throw new NotFoundError('That reseller');
  assertCan(actor, 'update', { type: 'reseller', resellerId: reseller.id });
  const hosts = await db().mailHost.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
  return { ...reseller, mailHostIds: reseller.mailHosts.map((m) => m.mailHostId), hosts };
}

export async function updateReseller(actor: Actor, id: string, input: ResellerEditInput) {
  try {
    return await db().$transaction(async (tx) => {
      const reseller = await tx.reseller.findFirst({
        where: { AND: [resellerScope(actor), { id }] },
        select: { id: true, ...EDITABLE, mailHosts: { select: { mailHostId: true } } },
      });
      if (!reseller) throw new NotFoundError('That reseller');
      assertCan(actor, 'update', { type: 'reseller', resellerId: reseller.id });
      await lockReseller(tx, reseller.id); // no customer takes a slot between the count and the new limit
      // Read under that lock, which every edit of a reseller takes: its version is the saved one.
      const { version, ...edit } = input;
      assertUnchanged(
        await stillThere(tx.reseller.findUnique({ where: { id: reseller.id }, select: { updatedAt: true } }), 'That reseller'),
        version,
        `Reseller ${reseller.name}`,
      );
      const problems = limitProblems(edit, await usedLimits(tx, ofResellersCustomers(reseller.id)));
      if (Object.keys(problems).length > 0) throw new DomainError('A limit is below what its customers hold.', problems);
      const chosen = [...new Set(input.mailHostIds)];
      if ((await tx.mailHost.count({ where: { id: { in: chosen } } })) !== chosen.length) {
        throw new DomainError('A chosen mail host no longer exists.', { mailHostIds: ['Choose mail hosts from the list.'] });
      }
      const was = reseller.mailHosts.map((m) => m.mailHostId);
      const removed = was.filter((h) => !chosen.includes(h));
      await assertHostsEmpty(tx, reseller.id, removed);
      const { mailHostIds: _ids, ...fields } = edit;
      await tx.reseller.update({ where: { id: reseller.id }, data: fields, select: { id: true } });
      await tx.resellerMailHost.deleteMany({ where: { resellerId: reseller.id, mailHostId: { in: removed } } });
      // A customer's hosts stay a subset of its reseller's.
      await tx.customerMailHost.deleteMany({ where: { customer: { resellerId: reseller.id }, mailHostId: { in: removed } } });
      const added = chosen.filter((h) => !was.includes(h));
      await tx.resellerMailHost.createMany({ data: added.map((mailHostId) => ({ resellerId: reseller.id, mailHostId })) });
      const { mailHosts: _m, id: _id, ...before } = reseller;
      await recordAudit(tx, actor, {
        action: 'reseller.update',
        targetType: 'reseller',
        targetId: reseller.id,
        resellerId: reseller.id,
        details: changedFields({ ...before, mailHostIds: [...was].sort() }, { ...fields, mailHostIds: [...chosen].sort() }),
      });
      return { id: reseller.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'name')) {
      throw new DomainError('A reseller with that name exists already.', { name: ['A reseller with that name exists already.'] });
    }
    throw error;
  }
}

/** Refuses to take away a host that still carries the reseller's customers' domains, accounts or aliases. */
async function assertHostsEmpty(tx: Tx, resellerId: string, hostIds: string[]): Promise<void> {
  const problems: string[] = [];
  for (const host of await tx.mailHost.findMany({ where: { id: { in: hostIds } }, select: { id: true, name: true } })) {
    const on = { ...ofResellersCustomers(resellerId), mailHostId: host.id };
    const held = [
      countOf(await tx.domain.count({ where: on }), 'domains'),
      countOf(await tx.account.count({ where: on }), 'accounts'),
      countOf(await tx.alias.count({ where: on }), 'aliases'),
    ].filter((c) => !c.startsWith('0 '));
    if (held.length > 0) {
      problems.push(`${host.name} still carries ${held.join(', ')} of this reseller's customers: move or delete them first.`);
    }
  }
  if (problems.length > 0) throw new DomainError(problems.join(' '), { mailHostIds: problems });
}
