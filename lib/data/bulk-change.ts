import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import type { AuditEntry } from './audit';
import type { BulkInput, BulkKind, BulkOp } from '../validation/bulk';
import { accountDeletion } from './accounts';
import { aliasDeletion } from './aliases';
import { DomainError } from './errors';
import { assertCan } from './guard';
import { changeMailOnHosts, type MailChangeOptions } from './mail-change';
import { reviewProbes } from './review-probes';
import { accountScope, aliasScope, domainScope } from './scope';

// Bulk actions on the lists: enable, disable or delete the selected rows in ONE reviewed change (one
// review of every route that changes, one confirmation, all or nothing). Each row is loaded within the
// actor's tenant and checked by the policy as a single change would be; a row that does not match (another
// tenant's id, or one deleted meanwhile) refuses the whole batch and nothing is changed. Each object keeps
// its own audit event, with the same action and details as its single change, so its history shows it.

export interface BulkRow {
  id: string;
  name: string;
  enabled: boolean | null;
  mailHostId: string;
  host: string;
  customer: { id: string; name: string; resellerId: string };
}

const WHAT: Record<BulkKind, string> = { account: 'accounts', alias: 'aliases', domain: 'domains' };

/** The selected rows as the review shows them; refused as a whole when one is not the actor's. */
export async function describeBulk(actor: Actor, kind: BulkKind, op: BulkOp, ids: string[], tx: Tx = db()): Promise<BulkRow[]> {
  const rows = await loadRows(tx, actor, kind, ids);
  if (rows.length !== new Set(ids).size) {
    throw new DomainError(
      `Some of the selected ${WHAT[kind]} are no longer there (deleted meanwhile?); nothing was changed. Select them again.`,
    );
  }
  const action = op === 'delete' ? 'delete' : 'update';
  for (const r of rows) assertCan(actor, action, { type: kind, resellerId: r.customer.resellerId, customerId: r.customer.id });
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** Applies a bulk action after its one review; returns how many rows changed. */
export async function applyBulk(actor: Actor, input: BulkInput, options: MailChangeOptions): Promise<number> {
  const { kind, op, ids } = input;
  const rows = await describeBulk(actor, kind, op, ids);
  const hosts = rows.map((r) => r.mailHostId);
  return changeMailOnHosts(actor, hosts, { ...options, alwaysConfirm: true }, async (tx) => {
    // Again under the hosts' locks: a row deleted or moved since the page was read refuses the batch.
    const now = await describeBulk(actor, kind, op, ids, tx);
    const audits: AuditEntry[] = [];
    const probes: Record<string, string[]> = {};
    const notes: string[] = [];
    for (const row of now) {
      const write = await writeOne(tx, actor, kind, op, row);
      if (!write) continue; // already in the wanted state: nothing to do, nothing to record
      audits.push(write.audit);
      (probes[row.mailHostId] ??= []).push(...write.probes);
      notes.push(...(write.notes ?? []));
    }
    return { result: audits.length, audits, probes, notes };
  });
}

type Write = { audit: AuditEntry; probes: string[]; notes?: string[] } | null;

async function writeOne(tx: Tx, actor: Actor, kind: BulkKind, op: BulkOp, row: BulkRow): Promise<Write> {
  if (op === 'delete') return kind === 'account' ? accountDeletion(tx, actor, row) : aliasDeletion(tx, actor, row);
  const enabled = op === 'enable';
  if (row.enabled === enabled) return null;
  const owner = { mailHostId: row.mailHostId, customerId: row.customer.id };
  const tenant = { resellerId: row.customer.resellerId, customerId: row.customer.id };
  const change = { before: { enabled: !enabled }, after: { enabled } };
  if (kind === 'account') {
    await tx.account.updateMany({ where: { AND: [accountScope(actor), { id: row.id }] }, data: { enabled } });
    return {
      audit: {
        action: 'account.update',
        targetType: 'account',
        targetId: row.id,
        ...tenant,
        details: { name: row.name, mailHostId: row.mailHostId, enabled, ...change },
      },
      probes: await reviewProbes(tx, owner, { names: [row.name] }, 50),
    };
  }
  await tx.domain.updateMany({ where: { AND: [domainScope(actor), { id: row.id }] }, data: { enabled } });
  return {
    audit: {
      action: enabled ? 'domain.enable' : 'domain.disable',
      targetType: 'domain',
      targetId: row.id,
      ...tenant,
      details: { name: row.name, mailHostId: row.mailHostId, ...change },
    },
    probes: await reviewProbes(tx, owner, { domain: { id: row.id, name: row.name }, keys: true, anyOther: true }, 50),
  };
}

const CUSTOMER = { select: { id: true, name: true, resellerId: true } } as const;
const HOST = { select: { name: true } } as const;

async function loadRows(tx: Tx, actor: Actor, kind: BulkKind, ids: string[]): Promise<BulkRow[]> {
  const select = { id: true, name: true, mailHostId: true, customer: CUSTOMER, mailHost: HOST } as const;
  const shape = <R extends { mailHost: { name: string } }>({ mailHost, ...r }: R) => ({ ...r, host: mailHost.name });
  switch (kind) {
    case 'account':
      return (
        await tx.account.findMany({ where: { AND: [accountScope(actor), { id: { in: ids } }] }, select: { ...select, enabled: true } })
      ).map(shape);
    case 'alias':
      return (await tx.alias.findMany({ where: { AND: [aliasScope(actor), { id: { in: ids } }] }, select })).map((r) => ({
        ...shape(r),
        enabled: null,
      }));
    case 'domain':
      return (
        await tx.domain.findMany({ where: { AND: [domainScope(actor), { id: { in: ids } }] }, select: { ...select, enabled: true } })
      ).map(shape);
  }
}
