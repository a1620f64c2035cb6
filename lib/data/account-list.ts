import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { filterWhere, type ListQuery } from '../validation/list-query';
import { addressTargets, listSearchTerms, matchAny, textMatch, virtmapKeyMatches } from './list-search';
import { matchingIds } from './search-matches';
import { keysetArgs, sortedBy, toKeysetPage } from './paging';
import { accountScope, ofCustomer } from './scope';

export const ACCOUNT_SORTS = ['name', 'quota', 'status'] as const;
const COLUMN = { name: 'name', quota: 'quotaMb', status: 'enabled' } as const;

// A search whose query matches more addresses than this is too broad to be a search for one account: it
// finds accounts by their login address and name only (lib/data/list-search.ts, addressTargets).
const ADDRESS_MATCHES = 1000;

/**
 * A page of the actor's accounts, with the total. The search finds an account by its name, its login
 * address, or any address (virtmap) that delivers to it, in either form of an IDN domain.
 */
export async function listAccounts(
  actor: Actor,
  query: ListQuery<(typeof ACCOUNT_SORTS)[number]> & { customerId?: string },
  size?: number,
) {
  const searched: Prisma.AccountWhereInput = {
    AND: [
      accountScope(actor),
      query.customerId ? ofCustomer(query.customerId) : {},
      filterWhere(query),
      await accountSearch(actor, query.q),
    ],
  };
  // A search's matches are read first (lib/data/search-matches.ts), the page then sorts only those.
  const ids = await matchingIds(Boolean(query.q), (take) => db().account.findMany({ where: searched, take, select: { id: true } }));
  const where: Prisma.AccountWhereInput = ids ? { AND: [searched, { id: { in: ids } }] } : searched;
  const sort = query.sort ?? { key: 'name', desc: false };
  const [rows, total] = await Promise.all([
    db().account.findMany({
      where,
      ...keysetArgs(sortedBy(COLUMN[sort.key], sort.desc), query, size),
      select: {
        id: true,
        name: true,
        loginAddress: true,
        quotaMb: true,
        enabled: true,
        createdAt: true,
        customer: { select: { name: true } },
        mailHost: { select: { name: true } },
      },
    }),
    ids ? ids.length : db().account.count({ where }),
  ]);
  return { ...toKeysetPage(rows, query, size), total };
}

async function accountSearch(actor: Actor, q: string | undefined): Promise<Prisma.AccountWhereInput> {
  const terms = await listSearchTerms(actor, q);
  if (terms.length === 0) return {};
  const own = matchAny<Prisma.AccountWhereInput>(terms, (term) => [{ name: textMatch(term) }, { loginAddress: textMatch(term) }]);
  return { OR: [...('OR' in own ? own.OR : []), ...(await addressTargets(actor, await virtmapKeyMatches(actor, terms), ADDRESS_MATCHES))] };
}
