import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { isNamedRejectCode } from '../mail/reject-codes';
import { formatVirtmapKey, formatVirtmapTarget, passesDetail } from '../mail/targets';
import type { VirtmapTarget } from '../mail/snapshot';
import type { VirtmapInput } from '../validation/mail-objects';
import { assertNotTheHost, assertOwnTargets, targetRows } from './alias-targets';
import { DomainError, NotFoundError } from './errors';
import { assertCan } from './guard';
import { assertRoom } from './limits';
import { reviewProbes } from './review-probes';
import { changeMail, type MailChangeOptions } from './mail-change';
import { domainScope, ofCustomer, virtmapScope } from './scope';
import { VIRTMAP_TARGET_SELECT, virtmapColumns, virtmapTarget } from './virtmap-columns';

// Virtmaps (virtusertable entries) on a domain: `local@domain → target` and the catch-all `@domain`.

export async function listVirtmaps(actor: Actor, domainId: string) {
  const rows = await db().virtmap.findMany({
    where: { AND: [virtmapScope(actor), { domainId }] },
    orderBy: { localPart: 'asc' },
    select: {
      id: true,
      localPart: true,
      ...VIRTMAP_TARGET_SELECT,
      domain: { select: { name: true } },
    },
  });
  return rows.map((r) => {
    const target = virtmapTarget(r);
    return {
      id: r.id,
      localPart: r.localPart,
      key: formatVirtmapKey(r.domain.name, r.localPart),
      target: formatVirtmapTarget(target),
      catchAll: r.localPart === '',
      /** What the edit form starts from. */
      edit:
        target.kind === 'reject'
          ? {
              action: 'reject' as const,
              target: '',
              ...(isNamedRejectCode(target.code)
                ? { rejectCode: target.code, rejectStatus: '' }
                : { rejectCode: 'other', rejectStatus: target.code }),
              rejectText: target.text,
            }
          : { action: 'deliver' as const, target: formatVirtmapTarget(target), rejectCode: 'unknown', rejectStatus: '', rejectText: '' },
    };
  });
}

/** Adds a virtmap; several targets become an alias plus the virtmap, in one change. */
export async function createVirtmap(actor: Actor, input: VirtmapInput, options: MailChangeOptions) {
  const domain = await loadDomain(actor, input.domainId, 'create');
  const key = formatVirtmapKey(domain.name, input.localPart);
  return changeMail(actor, domain.mailHostId, options, async (tx) => {
    const customer = await tx.customer.findUniqueOrThrow({
      where: { id: domain.customer.id },
      select: { id: true, name: true, resellerId: true, maxAccounts: true, maxAliases: true, maxVirtmaps: true },
    });
    if (
      await tx.virtmap.findUnique({
        where: { domainId_localPart: { domainId: domain.id, localPart: input.localPart } },
        select: { id: true },
      })
    ) {
      throw new DomainError(`${key} exists already: edit it instead.`, { localPart: [`${key} exists already.`] });
    }
    const created = await prepareTarget(tx, customer, domain.mailHostId, input);
    const protect =
      input.localPart === '' && input.protectAccounts ? await unprotectedAccounts(tx, domain.id, domain.mailHostId, customer.id) : [];
    await assertRoom(tx, 'virtmaps', customer, 1 + protect.length);
    const virtmap = await tx.virtmap.create({
      data: { domainId: domain.id, localPart: input.localPart, ...virtmapColumns(input.target) },
      select: { id: true },
    });
    for (const name of protect) {
      await tx.virtmap.create({ data: { domainId: domain.id, localPart: name, targetKind: 'LOCAL', targetValue: name } });
      created.push(`${name}@${domain.name}`);
    }
    // The key itself, the domain's other keys, the customer's names there and any other address (at most 500 each read).
    return {
      result: { key },
      audit: {
        action: 'virtmap.create',
        targetType: 'virtmap',
        targetId: virtmap.id,
        resellerId: customer.resellerId,
        customerId: customer.id,
        details: {
          key,
          domainId: domain.id,
          target: formatVirtmapTarget(input.target),
          alsoCreated: created,
          after: { target: formatVirtmapTarget(input.target) },
        },
      },
      probes: await reviewProbes(
        tx,
        { mailHostId: domain.mailHostId, customerId: domain.customer.id },
        { domain, names: [input.localPart], keys: true, anyOther: true, detailed: passesDetail(input.target) ? [input.localPart] : [] },
        500,
      ),
    };
  });
}

/** Changes where an existing virtmap sends mail (its key stays). */
export async function updateVirtmap(
  actor: Actor,
  id: string,
  input: VirtmapInput,
  options: MailChangeOptions,
): Promise<{ key: string; domainId: string }> {
  const row = await db().virtmap.findFirst({
    where: { AND: [virtmapScope(actor), { id }] },
    select: { id: true, localPart: true, domainId: true },
  });
  if (!row) throw new NotFoundError('That address');
  const domain = await loadDomain(actor, row.domainId, 'update');
  const key = formatVirtmapKey(domain.name, row.localPart);
  await changeMail(actor, domain.mailHostId, options, async (tx) => {
    const customer = await tx.customer.findUniqueOrThrow({
      where: { id: domain.customer.id },
      select: { id: true, name: true, resellerId: true, maxAccounts: true, maxAliases: true, maxVirtmaps: true },
    });
    const created = await prepareTarget(tx, customer, domain.mailHostId, input);
    const before = await currentTarget(tx, actor, row.id);
    await tx.virtmap.updateMany({ where: { AND: [virtmapScope(actor), { id: row.id }] }, data: virtmapColumns(input.target) });
    return {
      result: undefined,
      audit: {
        action: 'virtmap.update',
        targetType: 'virtmap',
        targetId: row.id,
        resellerId: customer.resellerId,
        customerId: customer.id,
        details: {
          key,
          domainId: domain.id,
          target: formatVirtmapTarget(input.target),
          alsoCreated: created,
          // What undo needs (lib/mail/undo.ts): where it sent mail before and after.
          before: { target: formatVirtmapTarget(before) },
          after: { target: formatVirtmapTarget(input.target) },
        },
      },
      probes: await reviewProbes(
        tx,
        { mailHostId: domain.mailHostId, customerId: domain.customer.id },
        {
          domain,
          names: [row.localPart],
          keys: true,
          anyOther: true,
          detailed: passesDetail(input.target) || passesDetail(before) ? [row.localPart] : [],
        },
        500,
      ),
    };
  });
  return { key, domainId: domain.id };
}

/**
 * Makes the target ready: several targets become a new alias (within the alias limit); a local name must
 * be one of the customer's own. Returns what was created besides the virtmap, for the audit trail.
 */
async function prepareTarget(
  tx: Tx,
  customer: { id: string; name: string; resellerId: string; maxAccounts: number; maxAliases: number; maxVirtmaps: number },
  mailHostId: string,
  input: VirtmapInput,
): Promise<string[]> {
  if (input.aliasTargets && input.aliasName) {
    await assertRoom(tx, 'aliases', customer);
    if (await tx.alias.count({ where: { ...ofCustomer(customer.id), mailHostId, name: input.aliasName } })) {
      throw new DomainError(`You have an alias named ${input.aliasName} already; choose another name.`, {
        aliasName: ['That alias exists already.'],
      });
    }
    await assertOwnTargets(tx, customer.id, mailHostId, input.aliasTargets);
    await tx.alias.create({
      data: { name: input.aliasName, customerId: customer.id, mailHostId, targets: { create: targetRows(input.aliasTargets) } },
    });
    return [`alias ${input.aliasName}`];
  }
  if (input.target.kind === 'local') await assertOwnTargets(tx, customer.id, mailHostId, [input.target]);
  if (input.target.kind === 'external') await assertOwnTargets(tx, customer.id, mailHostId, [input.target]);
  if (input.target.kind === 'domainRedirect') await assertNotTheHost(tx, [input.target.domain]);
  return [];
}

export async function deleteVirtmap(actor: Actor, id: string, options: MailChangeOptions): Promise<{ key: string; domainId: string }> {
  const row = await db().virtmap.findFirst({
    where: { AND: [virtmapScope(actor), { id }] },
    select: { id: true, localPart: true, domainId: true },
  });
  if (!row) throw new NotFoundError('That address');
  const domain = await loadDomain(actor, row.domainId, 'delete');
  const key = formatVirtmapKey(domain.name, row.localPart);
  await changeMail(actor, domain.mailHostId, { ...options, alwaysConfirm: true }, async (tx) => {
    const target = await currentTarget(tx, actor, row.id);
    const probes = await reviewProbes(
      tx,
      { mailHostId: domain.mailHostId, customerId: domain.customer.id },
      { domain, names: [row.localPart], keys: true, anyOther: true, detailed: passesDetail(target) ? [row.localPart] : [] },
      500,
    );
    await tx.virtmap.deleteMany({ where: { AND: [virtmapScope(actor), { id: row.id }] } });
    return {
      result: undefined,
      audit: {
        action: 'virtmap.delete',
        targetType: 'virtmap',
        targetId: row.id,
        resellerId: domain.customer.resellerId,
        customerId: domain.customer.id,
        // Enough to create it again (undo): its domain, local part and target.
        details: { key, domainId: domain.id, localPart: row.localPart, before: { target: formatVirtmapTarget(target) } },
      },
      probes,
    };
  });
  return { key, domainId: domain.id };
}

/** Where a virtmap sends mail now. */
async function currentTarget(tx: Tx, actor: Actor, id: string): Promise<VirtmapTarget> {
  const row = await tx.virtmap.findFirstOrThrow({
    where: { AND: [virtmapScope(actor), { id }] },
    select: VIRTMAP_TARGET_SELECT,
  });
  return virtmapTarget(row);
}

/** The customer's accounts on the host that have no virtmap of their own on this domain. */
async function unprotectedAccounts(tx: Tx, domainId: string, mailHostId: string, customerId: string): Promise<string[]> {
  const accounts = await tx.account.findMany({
    where: { ...ofCustomer(customerId), mailHostId, enabled: true },
    select: { name: true },
    orderBy: { name: 'asc' },
  });
  const keys = await tx.virtmap.findMany({ where: { domainId }, select: { localPart: true } });
  const taken = new Set(keys.map((k) => k.localPart));
  return accounts.map((a) => a.name).filter((n) => !taken.has(n));
}

async function loadDomain(actor: Actor, domainId: string, action: 'create' | 'update' | 'delete') {
  const domain = await db().domain.findFirst({
    where: { AND: [domainScope(actor), { id: domainId }] },
    select: { id: true, name: true, mailHostId: true, customer: { select: { id: true, resellerId: true, status: true } } },
  });
  if (!domain) throw new NotFoundError('That domain');
  assertCan(actor, action, { type: 'virtmap', resellerId: domain.customer.resellerId, customerId: domain.customer.id });
  if (action !== 'delete' && domain.customer.status !== 'ACTIVE') throw new DomainError('The customer is suspended: nothing can be added.');
  return domain;
}
