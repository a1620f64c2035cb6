import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { filterWhere, type ListQuery } from '../validation/list-query';
import { listSearchTerms, matchAny } from './list-search';
import { keysetArgs, sortedBy, toKeysetPage } from './paging';
import { aliasScope } from './scope';
import { aliasTarget } from './alias-target-columns';

export const ALIAS_SORTS = ['name', 'added'] as const;
const COLUMN = { name: 'name', added: 'createdAt' } as const;

/** A page of the actor's aliases, with the total; the search finds an alias by its name or a target. */
export async function listAliases(actor: Actor, query: ListQuery<(typeof ALIAS_SORTS)[number]>, size?: number) {
  const search = matchAny<Prisma.AliasWhereInput>(await listSearchTerms(actor, query.q), (term) => [
    { name: { contains: term } },
    { targets: { some: { value: { contains: term } } } },
  ]);
  const where: Prisma.AliasWhereInput = { AND: [aliasScope(actor), filterWhere(query, false), search] };
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
    db().alias.count({ where }),
  ]);
  const page = toKeysetPage(rows, query, size);
  return { ...page, total, rows: page.rows.map((r) => ({ ...r, targets: r.targets.map(aliasTarget) })) };
}
