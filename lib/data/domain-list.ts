import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { filterWhere, type ListQuery } from '../validation/list-query';
import { listSearchTerms, matchAny, textMatch } from './list-search';
import { matchingIds } from './search-matches';
import { keysetArgs, sortedBy, toKeysetPage } from './paging';
import { domainScope, ofCustomer } from './scope';

export const DOMAIN_SORTS = ['name', 'status', 'added'] as const;
const COLUMN = { name: 'name', status: 'enabled', added: 'createdAt' } as const;

/** A page of the actor's domains, with the total; the search matches the Unicode or the ASCII form. */
export async function listDomains(actor: Actor, query: ListQuery<(typeof DOMAIN_SORTS)[number]> & { customerId?: string }, size?: number) {
  const searched: Prisma.DomainWhereInput = {
    AND: [
      domainScope(actor),
      query.customerId ? ofCustomer(query.customerId) : {},
      filterWhere(query),
      matchAny<Prisma.DomainWhereInput>(await listSearchTerms(actor, query.q), (term) => [{ name: textMatch(term) }]),
    ],
  };
  // A search's matches are read first (lib/data/search-matches.ts), the page then sorts only those.
  const ids = await matchingIds(Boolean(query.q), (take) => db().domain.findMany({ where: searched, take, select: { id: true } }));
  const where: Prisma.DomainWhereInput = ids ? { AND: [searched, { id: { in: ids } }] } : searched;
  const sort = query.sort ?? { key: 'name', desc: false };
  const [rows, total] = await Promise.all([
    db().domain.findMany({
      where,
      ...keysetArgs(sortedBy(COLUMN[sort.key], sort.desc), query, size),
      select: {
        id: true,
        name: true,
        enabled: true,
        createdAt: true,
        verifiedAt: true,
        customer: { select: { id: true, name: true } },
        mailHost: { select: { name: true } },
      },
    }),
    ids ? ids.length : db().domain.count({ where }),
  ]);
  return { ...toKeysetPage(await withAddressCounts(rows), query, size), total };
}

/**
 * Each row with its number of addresses, counted for the page's domains only: Prisma's `_count` in the
 * select groups every virtmap of the host before it joins, which costs the host's size on every page.
 */
async function withAddressCounts<R extends { id: string }>(rows: R[]): Promise<(R & { _count: { virtmaps: number } })[]> {
  const counts = rows.length
    ? await db().virtmap.groupBy({ by: ['domainId'], where: { domainId: { in: rows.map((r) => r.id) } }, _count: { _all: true } })
    : [];
  const of = new Map(counts.map((c) => [c.domainId, c._count._all]));
  return rows.map((r) => ({ ...r, _count: { virtmaps: of.get(r.id) ?? 0 } }));
}
