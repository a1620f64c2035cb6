import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { auditScope } from './scope';

const PAGE = 50;

/** The actor's own tenant's history, newest first, paged by id (ids only grow). */
export async function listAuditEvents(actor: Actor, before?: bigint) {
  const rows = await db().auditEvent.findMany({
    where: { AND: [auditScope(actor), before ? { id: { lt: before } } : {}] },
    orderBy: { id: 'desc' },
    take: PAGE + 1,
    select: { id: true, at: true, actorLabel: true, actorRole: true, action: true, targetType: true, targetId: true, details: true },
  });
  const shown = rows.slice(0, PAGE);
  return { rows: shown, nextBefore: rows.length > PAGE ? (shown[shown.length - 1]?.id ?? null) : null };
}
