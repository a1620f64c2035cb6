import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { pageArgs, toPage } from './paging';
import { auditScope } from './scope';

const AUDIT_PAGE = 50;

/**
 * The actor's own tenant's history, newest first. Paged by id (ids only grow), as a bound rather than a
 * cursor row: any number typed into the address still gives the events before it.
 */
export async function listAuditEvents(actor: Actor, before?: bigint) {
  const rows = await db().auditEvent.findMany({
    where: { AND: [auditScope(actor), before ? { id: { lt: before } } : {}] },
    ...pageArgs(undefined, { id: 'desc' as const }, AUDIT_PAGE),
    select: { id: true, at: true, actorLabel: true, actorRole: true, action: true, targetType: true, targetId: true, details: true },
  });
  return toPage(rows, AUDIT_PAGE);
}
