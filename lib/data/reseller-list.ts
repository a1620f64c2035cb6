import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import type { ListQuery } from '../validation/list-query';
import { assertKind } from './guard';
import { keysetArgs, sortedBy, toKeysetPage } from './paging';
import { resellerScope } from './scope';

export const RESELLER_SORTS = ['name', 'domainLimit', 'status'] as const;
const COLUMN = { name: 'name', domainLimit: 'maxDomains', status: 'status' } as const;

/** A page of all resellers (operators only), with the total; the search matches the name in any case. */
export async function listResellers(actor: Actor, query: ListQuery<(typeof RESELLER_SORTS)[number]>) {
  assertKind(actor, 'admin', 'support');
  const where: Prisma.ResellerWhereInput = {
    AND: [resellerScope(actor), query.q ? { name: { contains: query.q, mode: 'insensitive' } } : {}],
  };
  const sort = query.sort ?? { key: 'name', desc: false };
  const [rows, total] = await Promise.all([
    db().reseller.findMany({
      where,
      ...keysetArgs(sortedBy(COLUMN[sort.key], sort.desc), query),
      select: { id: true, name: true, status: true, maxDomains: true, createdAt: true, _count: { select: { customers: true } } },
    }),
    db().reseller.count({ where }),
  ]);
  return { ...toKeysetPage(rows, query), total };
}
