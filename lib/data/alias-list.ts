import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { filterWhere, type ListQuery } from '../validation/list-query';
import { listSearchTerms, textMatch } from './list-search';
import { matchingIds } from './search-matches';
import { keysetArgs, sortedBy, toKeysetPage } from './paging';
import { aliasScope } from './scope';
import { aliasTarget } from './alias-target-columns';

export const ALIAS_SORTS = ['name', 'added'] as const;
const COLUMN = { name: 'name', added: 'createdAt' } as const;

// At most this many matching targets are read ahead to find their aliases by id (see aliasSearch).
const TARGET_MATCHES = 1000;

/** A page of the actor's aliases, with the total; the search finds an alias by its name or a target. */
export async function listAliases(actor: Actor, query: ListQuery<(typeof ALIAS_SORTS)[number]>, size?: number) {
  const search = await aliasSearch(actor, await listSearchTerms(actor, query.q));
  const searched: Prisma.AliasWhereInput = { AND: [aliasScope(actor), filterWhere(query, false), search] };
  // A search's matches are read first (lib/data/search-matches.ts), the page then sorts only those.
  const ids = await matchingIds(Boolean(query.q), (take) => db().alias.findMany({ where: searched, take, select: { id: true } }));
  const where: Prisma.AliasWhereInput = ids ? { AND: [searched, { id: { in: ids } }] } : searched;
  const sort = query.sort ?? { key: 'name', desc: false };
  const [rows, total] = await Promise.all([
    db().alias.findMany({
      where,
      ...keysetArgs(sortedBy(COLUMN[sort.key], sort.desc), query, size),
      select: {
        id: true,
        name: true,
        createdAt: true,
        customer: { select: { name: true } },
        mailHost: { select: { name: true } },
        targets: { orderBy: { position: 'asc' }, select: { kind: true, value: true } },
      },
    }),
    ids ? ids.length : db().alias.count({ where }),
  ]);
  const page = toKeysetPage(rows, query, size);
  return { ...page, total, rows: page.rows.map((r) => ({ ...r, targets: r.targets.map(aliasTarget) })) };
}

/**
 * Aliases whose name or one of whose targets holds a term. The targets that match are read first, each
 * through its own trigram index, and their aliases named by id: one OR of the name and an EXISTS over the
 * targets cannot use either index and tested every alias of the actor (166 ms p95 for a reseller at 1M
 * addresses, docs/publishing.md). A search that matches more targets than TARGET_MATCHES is broad
 * anyway, and keeps the one-query form, whose total is exact.
 */
async function aliasSearch(actor: Actor, terms: string[]): Promise<Prisma.AliasWhereInput> {
  if (terms.length === 0) return {};
  const byName = terms.map((term): Prisma.AliasWhereInput => ({ name: textMatch(term) }));
  const matched = await db().aliasTarget.findMany({
    where: { AND: [{ alias: aliasScope(actor) }, { OR: terms.map((term) => ({ value: textMatch(term) })) }] },
    take: TARGET_MATCHES + 1,
    select: { aliasId: true },
  });
  if (matched.length > TARGET_MATCHES)
    return { OR: [...byName, ...terms.map((term) => ({ targets: { some: { value: textMatch(term) } } }))] };
  return { OR: [...byName, { id: { in: [...new Set(matched.map((t) => t.aliasId))] } }] };
}
