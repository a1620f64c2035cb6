import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import type { ListQuery } from '../validation/list-query';
import { keysetArgs, sortedBy, toKeysetPage } from './paging';
import { customerScope } from './scope';

export const CUSTOMER_SORTS = ['name', 'status', 'added'] as const;
const COLUMN = { name: 'name', status: 'status', added: 'createdAt' } as const;

/** A page of the actor's customers, with the total; the search matches the name in any case. */
export async function listCustomers(actor: Actor, query: ListQuery<(typeof CUSTOMER_SORTS)[number]> & { resellerId?: string }) {
  const where: Prisma.CustomerWhereInput = {
    AND: [
      customerScope(actor),
      query.resellerId ? { resellerId: query.resellerId } : {},
      query.q ? { name: { contains: query.q, mode: 'insensitive' } } : {},
    ],
  };
  const sort = query.sort ?? { key: 'name', desc: false };
  const [rows, total] = await Promise.all([
    db().customer.findMany({
      where,
      ...keysetArgs(sortedBy(COLUMN[sort.key], sort.desc), query),
      select: {
        id: true,
        name: true,
        status: true,
        maxDomains: true,
        createdAt: true,
        reseller: { select: { name: true } },
        _count: { select: { domains: true } },
      },
    }),
    db().customer.count({ where }),
  ]);
  return { ...toKeysetPage(rows, query), total };
}
