import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import type { AuditQuery } from '../validation/audit-query';
import { listSearchTerms, matchAny } from './list-search';
import { keysetArgs, toKeysetPage } from './paging';
import { auditLinks, type ShownOn } from './audit-links';
import { auditScope } from './scope';

const AUDIT_PAGE = 50;
// The details fields that name the object an event is about (lib/web/audit-words.ts shows them).
const NAMED_BY = ['name', 'key', 'address', 'login', 'mailbox', 'previousName'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The actor's own tenant's history, newest first, filtered in the query (the tenant is part of the same
 * where). Paged both ways by (at, id): `older` gives the page after an event, `newer` the page before it.
 * Each event comes with the state before it, for edits (the details of the previous event on the same
 * object), and the page that shows its object, when that still exists and the actor may see it.
 */
export async function listAuditEvents(actor: Actor, query: Partial<AuditQuery> = {}) {
  const at = { after: query.older, before: query.newer };
  const rows = await db().auditEvent.findMany({
    where: { AND: [auditScope(actor), ...auditFilters(query, await listSearchTerms(actor, query.q))] },
    ...keysetArgs([{ at: 'desc' as const }, { id: 'desc' as const }], at, AUDIT_PAGE),
    select: {
      id: true,
      at: true,
      actorLabel: true,
      actorRole: true,
      onBehalfOf: true,
      action: true,
      targetType: true,
      targetId: true,
      details: true,
    },
  });
  const page = toKeysetPage(rows, at, AUDIT_PAGE);
  const [previous, links] = await Promise.all([previousDetails(actor, page.rows), auditLinks(actor, page.rows)]);
  return {
    ...page,
    rows: page.rows.map((e) => ({
      ...e,
      previous: previous.get(e.id) ?? null,
      shownOn: (e.targetId && links.get(`${e.targetType}:${e.targetId}`)) || (null as ShownOn | null),
    })),
  };
}

/** The actions in the actor's history, for the filter's choice list. */
export async function listAuditActions(actor: Actor): Promise<string[]> {
  const rows = await db().auditEvent.groupBy({ by: ['action'], where: auditScope(actor), orderBy: { action: 'asc' } });
  return rows.map((r) => r.action);
}

function auditFilters(query: Partial<AuditQuery>, terms: string[]): Prisma.AuditEventWhereInput[] {
  const filters: Prisma.AuditEventWhereInput[] = [];
  if (query.kind) filters.push({ targetType: query.kind });
  if (query.action) filters.push({ action: query.action });
  if (query.actor)
    filters.push({ OR: [{ actorLabel: { contains: query.actor, mode: 'insensitive' } }, { onBehalfOf: { contains: query.actor } }] });
  if (query.from) filters.push({ at: { gte: new Date(`${query.from}T00:00:00Z`) } });
  if (query.to) filters.push({ at: { lt: new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000) } });
  if (query.q) {
    const named = matchAny<Prisma.AuditEventWhereInput>(terms, (term) =>
      NAMED_BY.map((field) => ({ details: { path: [field], string_contains: term, mode: 'insensitive' as const } })),
    );
    filters.push(UUID.test(query.q) ? { OR: [{ targetId: query.q.toLowerCase() }, named] } : named);
  }
  return filters;
}

/**
 * For each edit on the page, the details of the event before it on the same object, read within the
 * actor's tenant: what the edit changed from. Edits that record their own before state need none.
 */
async function previousDetails(actor: Actor, rows: { id: bigint; action: string; targetType: string; targetId: string | null }[]) {
  const edits = rows.filter((e) => e.targetId && !e.action.endsWith('.create') && !e.action.endsWith('.delete'));
  const found = await Promise.all(
    edits.map((e) =>
      db().auditEvent.findFirst({
        where: { AND: [auditScope(actor), { targetType: e.targetType, targetId: e.targetId, id: { lt: e.id } }] },
        orderBy: { id: 'desc' },
        select: { details: true },
      }),
    ),
  );
  return new Map(edits.flatMap((e, i) => (found[i] ? [[e.id, found[i].details] as const] : [])));
}
