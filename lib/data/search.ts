import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { likeLiteral } from '../validation/search-query';
import { listSearchTerms, matchAny, virtmapKeyMatch } from './list-search';
import { accountScope, aliasScope, customerScope, domainScope, virtmapScope } from './scope';

// The panel's one search (the top bar's box, /search): the actor's customers, domains, accounts, aliases
// and addresses whose name holds the query — a prefix, a substring or a whole address — each kind with a
// count and its first rows. Every query holds the actor's scope; the columns searched have trigram
// indexes (migration search_indexes), so a substring search stays fast on a big host.

/** Rows shown per kind; the rest are behind the kind's list ("more"). */
export const SEARCH_ROWS = 5;
/** Counting stops here: a search that matches more is shown as "1000+" (an exact count would read them all). */
export const SEARCH_COUNT_CAP = 1000;
// At most this many matching addresses are read to find the accounts and aliases they deliver to.
const ADDRESS_MATCHES = 200;

export interface SearchGroup<R> {
  rows: R[];
  /** How many match, up to SEARCH_COUNT_CAP; `capped` when there are more. */
  count: number;
  capped: boolean;
}

async function group<R>(rows: Promise<R[]>, count: Promise<number>): Promise<SearchGroup<R>> {
  const [r, n] = await Promise.all([rows, count]);
  return { rows: r, count: Math.min(n, SEARCH_COUNT_CAP), capped: n > SEARCH_COUNT_CAP };
}

const counted = { take: SEARCH_COUNT_CAP + 1 } as const;
const ci = (term: string) => ({ contains: term, mode: 'insensitive' as const });

/** Everything of the actor's that matches `q` (already validated: lib/validation/search-query.ts). */
export async function searchPanel(actor: Actor, q: string) {
  // LIKE's own characters (`%`, `_`, `\`) in a query match only themselves.
  const terms = (await listSearchTerms(actor, q)).map(likeLiteral);
  // The addresses that match, then the accounts and aliases they deliver to (a virtmap names its target by
  // name on the same customer's host, which Prisma cannot join on, so the triples are read first).
  const landing = terms.length
    ? await db().virtmap.findMany({
        where: { AND: [virtmapScope(actor), { targetKind: 'LOCAL' }, matchAny(terms, virtmapKeyMatch)] },
        take: ADDRESS_MATCHES,
        select: { targetValue: true, domain: { select: { customerId: true, mailHostId: true } } },
      })
    : [];
  const landsOn = landing.map((a) => ({ name: a.targetValue, customerId: a.domain.customerId, mailHostId: a.domain.mailHostId }));

  const customerWhere: Prisma.CustomerWhereInput = { AND: [customerScope(actor), { name: ci(likeLiteral(q.trim())) }] };
  const domainWhere: Prisma.DomainWhereInput = { AND: [domainScope(actor), matchAny(terms, (t) => [{ name: ci(t) }])] };
  const accountWhere: Prisma.AccountWhereInput = {
    AND: [accountScope(actor), { OR: [...terms.flatMap((t) => [{ name: ci(t) }, { loginAddress: ci(t) }]), ...landsOn] }],
  };
  const aliasWhere: Prisma.AliasWhereInput = { AND: [aliasScope(actor), { OR: [...terms.map((t) => ({ name: ci(t) })), ...landsOn] }] };
  const virtmapWhere: Prisma.VirtmapWhereInput = { AND: [virtmapScope(actor), matchAny(terms, virtmapKeyMatch)] };

  const [customers, domains, accounts, aliases, addresses] = await Promise.all([
    group(
      db().customer.findMany({ where: customerWhere, orderBy: { name: 'asc' }, take: SEARCH_ROWS, select: { id: true, name: true } }),
      db().customer.count({ where: customerWhere, ...counted }),
    ),
    group(
      db().domain.findMany({
        where: domainWhere,
        orderBy: { name: 'asc' },
        take: SEARCH_ROWS,
        select: { id: true, name: true, customer: { select: { name: true } } },
      }),
      db().domain.count({ where: domainWhere, ...counted }),
    ),
    group(
      db().account.findMany({
        where: accountWhere,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        take: SEARCH_ROWS,
        select: { id: true, name: true, loginAddress: true, customer: { select: { name: true } } },
      }),
      db().account.count({ where: accountWhere, ...counted }),
    ),
    group(
      db().alias.findMany({
        where: aliasWhere,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        take: SEARCH_ROWS,
        select: { id: true, name: true, customer: { select: { name: true } } },
      }),
      db().alias.count({ where: aliasWhere, ...counted }),
    ),
    group(
      db().virtmap.findMany({
        where: virtmapWhere,
        orderBy: [{ localPart: 'asc' }, { id: 'asc' }],
        take: SEARCH_ROWS,
        select: { id: true, localPart: true, targetKind: true, targetValue: true, domain: { select: { id: true, name: true } } },
      }),
      db().virtmap.count({ where: virtmapWhere, ...counted }),
    ),
  ]);
  return { customers, domains, accounts, aliases, addresses };
}

export type PanelSearch = Awaited<ReturnType<typeof searchPanel>>;
