import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import type { AliasInput } from '../validation/mail-objects';
import type { AliasTarget } from '../mail/snapshot';
import { formatAliasTarget } from '../mail/targets';
import { hostName } from '../mail/tenancy';
import { reviewProbes } from './review-probes';
import { assertOwnTargets, targetRows } from './alias-targets';
import { assertUnchanged, stillThere } from './edit-version';
import { DomainError, NotFoundError } from './errors';
import { assertCan } from './guard';
import { assertRoom } from './limits';
import { changeMail, type MailChangeOptions } from './mail-change';
import { hostFor, ownerFor } from './mail-owner';
import { aliasScope } from './scope';
import { aliasTarget } from './alias-target-columns';
import { isUniqueViolation } from './unique';

// Aliases: a name on the host → one or more targets. They share the namespace with accounts, and when
// both exist mail goes to the alias (DOMAIN.md, precedence 1): the review warns before that happens.

export async function getAlias(actor: Actor, id: string) {
  const alias = await db().alias.findFirst({
    where: { AND: [aliasScope(actor), { id }] },
    select: {
      id: true,
      name: true,
      mailHostId: true,
      updatedAt: true,
      customer: { select: { id: true, name: true, resellerId: true, mailTag: true } },
      mailHost: { select: { name: true } },
      targets: { orderBy: { position: 'asc' }, select: { kind: true, value: true } },
    },
  });
  if (!alias) throw new NotFoundError('That alias');
  assertCan(actor, 'read', { type: 'alias', resellerId: alias.customer.resellerId, customerId: alias.customer.id });
  // Its name on the host, for operators only (they debug on the host); the tag is not the customer's to see.
  const operator = actor.kind === 'admin' || actor.kind === 'support';
  const {
    customer: { mailTag, ...customer },
    ...rest
  } = alias;
  return { ...rest, customer, hostName: operator ? hostName(mailTag, alias.name) : null, targets: alias.targets.map(aliasTarget) };
}

export async function createAlias(actor: Actor, input: AliasInput, options: MailChangeOptions) {
  const customer = await db().$transaction((tx) => ownerFor(tx, actor, 'alias', input.customerId));
  const host = await db().$transaction((tx) => hostFor(tx, customer, input.mailHostId));
  try {
    // A loop or a target that leads nowhere is a fact about the targets: shown next to that field.
    return await changeMail(actor, host.id, { ...options, problemsAt: 'targets' }, async (tx) => {
      await ownerFor(tx, actor, 'alias', customer.id); // again under the lock: suspended or moved meanwhile?
      await assertRoom(tx, 'aliases', customer);
      await assertOwnTargets(tx, customer.id, host.id, input.targets, [input.name]);
      const alias = await tx.alias.create({
        data: { name: input.name, customerId: customer.id, mailHostId: host.id, targets: { create: targetRows(input.targets) } },
        select: { id: true, name: true },
      });
      return {
        result: alias,
        audit: {
          action: 'alias.create',
          targetType: 'alias',
          targetId: alias.id,
          resellerId: customer.resellerId,
          customerId: customer.id,
          details: {
            name: alias.name,
            host: host.name,
            mailHostId: host.id,
            targets: input.targets.map(formatAliasTarget),
            after: { targets: input.targets.map(formatAliasTarget) },
          },
        },
        probes: await reviewProbes(tx, { mailHostId: host.id, customerId: customer.id }, { names: [alias.name] }, 50),
      };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'name')) {
      const taken = `You have an alias named ${input.name} on ${host.name} already.`;
      throw new DomainError(taken, { name: [taken] });
    }
    throw error;
  }
}

/**
 * `version`: the alias's updatedAt when the edit form was drawn (lib/data/edit-version.ts); a save after
 * someone else's is refused. The targets are rows of their own, so each save moves the alias's updatedAt.
 */
export async function updateAliasTargets(actor: Actor, id: string, targets: AliasTarget[], options: MailChangeOptions, version?: string) {
  const alias = await loadForChange(actor, id, 'update');
  await changeMail(actor, alias.mailHostId, { ...options, problemsAt: 'targets' }, async (tx) => {
    const where = { AND: [aliasScope(actor), { id: alias.id }] };
    const now = await stillThere(tx.alias.findFirst({ where, select: { updatedAt: true } }), 'That alias');
    assertUnchanged(now, version, `Alias ${alias.name}`);
    await assertOwnTargets(tx, alias.customer.id, alias.mailHostId, targets, [alias.name]);
    const before = await currentTargets(tx, actor, alias.id);
    await tx.aliasTarget.deleteMany({ where: { alias: where } });
    await tx.aliasTarget.createMany({ data: targetRows(targets).map((t) => ({ ...t, aliasId: alias.id })) });
    await tx.alias.updateMany({ where, data: { updatedAt: new Date() } });
    return {
      result: undefined,
      audit: {
        action: 'alias.update',
        targetType: 'alias',
        targetId: alias.id,
        resellerId: alias.customer.resellerId,
        customerId: alias.customer.id,
        details: {
          name: alias.name,
          targets: targets.map(formatAliasTarget),
          // What undo needs (lib/mail/undo.ts): the targets before and after.
          before: { targets: before },
          after: { targets: targets.map(formatAliasTarget) },
        },
      },
      probes: await reviewProbes(tx, { mailHostId: alias.mailHostId, customerId: alias.customer.id }, { names: [alias.name] }, 50),
    };
  });
}

export async function deleteAlias(actor: Actor, id: string, options: MailChangeOptions): Promise<string> {
  const alias = await loadForChange(actor, id, 'delete');
  await changeMail(actor, alias.mailHostId, { ...options, alwaysConfirm: true }, async (tx) => ({
    result: undefined,
    ...(await aliasDeletion(tx, actor, alias)),
  }));
  return alias.name;
}

interface DeletedAlias {
  id: string;
  name: string;
  mailHostId: string;
  customer: { id: string; resellerId: string };
}

/** The writes of deleting one loaded alias inside a reviewed change (its own or a bulk one). */
export async function aliasDeletion(tx: Tx, actor: Actor, alias: DeletedAlias) {
  const probes = await reviewProbes(tx, { mailHostId: alias.mailHostId, customerId: alias.customer.id }, { names: [alias.name] }, 50);
  const targets = await currentTargets(tx, actor, alias.id);
  await tx.alias.deleteMany({ where: { AND: [aliasScope(actor), { id: alias.id }] } });
  return {
    audit: {
      action: 'alias.delete',
      targetType: 'alias',
      targetId: alias.id,
      resellerId: alias.customer.resellerId,
      customerId: alias.customer.id,
      // Enough to create it again (undo): its name, host and targets.
      details: { name: alias.name, mailHostId: alias.mailHostId, before: { targets } },
    },
    probes,
  };
}

/** An alias's targets as the form shows them, in their order. */
export async function currentTargets(tx: Tx, actor: Actor, aliasId: string): Promise<string[]> {
  const rows = await tx.aliasTarget.findMany({
    where: { alias: { AND: [aliasScope(actor), { id: aliasId }] } },
    orderBy: { position: 'asc' },
    select: { kind: true, value: true },
  });
  return rows.map((r) => formatAliasTarget(aliasTarget(r)));
}

async function loadForChange(actor: Actor, id: string, action: 'update' | 'delete') {
  const alias = await db().alias.findFirst({
    where: { AND: [aliasScope(actor), { id }] },
    select: { id: true, name: true, mailHostId: true, customer: { select: { id: true, resellerId: true } } },
  });
  if (!alias) throw new NotFoundError('That alias');
  assertCan(actor, action, { type: 'alias', resellerId: alias.customer.resellerId, customerId: alias.customer.id });
  return alias;
}
