import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { NotFoundError } from './errors';
import { accountScope, aliasScope, auditScope, domainScope } from './scope';
import type { Fields } from '../mail/undo';
import { mayChange, undoDecision } from './undo-change';

const HISTORY_SIZE = 50;

export type HistoryKind = 'domain' | 'account' | 'alias';

/**
 * One object's history, newest first: the audit events of the actor's tenant about it (a domain's also
 * about its addresses, the virtmaps, which are shown on its page). Each event comes with the one before it
 * on the same object (what an older event changed from), and whether and why not it can be undone.
 * The object is read within the actor's tenant first: another tenant's object has no history here.
 */
export async function listObjectHistory(actor: Actor, kind: HistoryKind, id: string) {
  // Its customer's events only: the index on (customerId, at) finds them among every tenant's.
  const customerId = await customerOf(actor, kind, id);
  const about: Prisma.AuditEventWhereInput =
    kind === 'domain'
      ? {
          OR: [
            { targetType: 'domain', targetId: id },
            { targetType: 'virtmap', details: { path: ['domainId'], equals: id } },
            // Addresses created before their events named their own id were recorded on the domain's.
            { targetType: 'virtmap', targetId: id },
          ],
        }
      : { targetType: kind, targetId: id };
  const rows = await db().auditEvent.findMany({
    where: { AND: [auditScope(actor), { customerId }, about] },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: HISTORY_SIZE + 1,
    select: {
      id: true,
      at: true,
      actorLabel: true,
      onBehalfOf: true,
      action: true,
      targetType: true,
      targetId: true,
      resellerId: true,
      customerId: true,
      details: true,
    },
  });
  const shown = rows.slice(0, HISTORY_SIZE);
  const now = new Map<string, Promise<Fields | null>>();
  const decisions = await Promise.all(shown.map((e) => undoDecision(actor, e, now)));
  return {
    more: rows.length > HISTORY_SIZE,
    rows: shown.map((e, i) => {
      const previous = rows.slice(i + 1).find((p) => p.targetType === e.targetType && p.targetId === e.targetId);
      const decision = decisions[i];
      return {
        id: e.id.toString(),
        at: e.at,
        actorLabel: e.actorLabel,
        onBehalfOf: e.onBehalfOf,
        action: e.action,
        targetType: e.targetType,
        details: e.details,
        previous: previous?.details ?? null,
        undo:
          !decision || !mayChange(actor, e) ? null : decision.ok ? { ok: true as const } : { ok: false as const, reason: decision.reason },
      };
    }),
  };
}

/** The object's customer, read within the actor's tenant: Not found for what the actor may not see. */
async function customerOf(actor: Actor, kind: HistoryKind, id: string): Promise<string> {
  const where = { id };
  const select = { customerId: true };
  const found =
    kind === 'domain'
      ? await db().domain.findFirst({ where: { AND: [domainScope(actor), where] }, select })
      : kind === 'account'
        ? await db().account.findFirst({ where: { AND: [accountScope(actor), where] }, select })
        : await db().alias.findFirst({ where: { AND: [aliasScope(actor), where] }, select });
  if (!found) throw new NotFoundError('That item');
  return found.customerId;
}
