import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { filterWhere, type ListQuery } from '../validation/list-query';
import { listSearchTerms, matchAny } from './list-search';
import { keysetArgs, sortedBy, toKeysetPage } from './paging';
import { domainScope, ofCustomer } from './scope';

export const DOMAIN_SORTS = ['name', 'status', 'added'] as const;
const COLUMN = { name: 'name', status: 'enabled', added: 'createdAt' } as const;

/** A page of the actor's domains, with the total; the search matches the Unicode or the ASCII form. */
export async function listDomains(actor: Actor, query: ListQuery<(typeof DOMAIN_SORTS)[number]> & { customerId?: string }, size?: number) {
  const where: Prisma.DomainWhereInput = {
    AND: [
      domainScope(actor),
      query.customerId ? ofCustomer(query.customerId) : {},
      filterWhere(query),
      matchAny<Prisma.DomainWhereInput>(await listSearchTerms(actor, query.q), (term) => [{ name: { contains: term } }]),
    ],
  };
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
        _count: { select: { virtmaps: true } },
      },
    }),
    db().domain.count({ where }),
  ]);
  return { ...toKeysetPage(rows, query, size), total };
}
