import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { likeLiteral } from '../validation/search-query';
import { addressTargets, listSearchTerms, matchAny, textMatch, virtmapKeyMatches } from './list-search';
import { firstByName } from './search-matches';
import { accountScope, aliasScope, customerScope, domainScope, virtmapScope } from './scope';
import { formatVirtmapTarget } from '../mail/targets';
import { VIRTMAP_TARGET_SELECT, virtmapTarget } from './virtmap-columns';

// The panel's one search (the top bar's box, /search): the actor's customers, domains, accounts, aliases
// and addresses whose name holds the query — a prefix, a substring or a whole address — each kind with a
// count and its first rows. Every query holds the actor's scope; the columns searched have trigram
// indexes (migration search_indexes), so a substring search stays fast on a big host.

/** Rows shown per kind; the rest are behind the kind's list ("more"). */
export const SEARCH_ROWS = 5;
/**
 * Counting stops here: a search that matches more is shown as "100+" (an exact count would read every
 * match; the kind's list behind "more" has the exact total).
 */
export const SEARCH_COUNT_CAP = 100;
// A query that matches more addresses than this finds accounts and aliases by their own names only, not
// also by the addresses that deliver to them (lib/data/list-search.ts, addressTargets).
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

/**
 * A kind's group with its matches read first (lib/data/search-matches.ts): `read` reads the matches' ids
 * and names in no order, at most one more than the count shown (SEARCH_COUNT_CAP); `rows` reads the rows
 * shown, in order, narrowed to the first matches' ids — or not narrowed, when more match than are counted.
 */
async function namedGroup<R>(
  read: (take: number) => Promise<{ id: string; name: string }[]>,
  rows: (first: { id: { in: string[] } } | null) => Promise<R[]>,
): Promise<SearchGroup<R>> {
  const first = await firstByName(read, SEARCH_ROWS, SEARCH_COUNT_CAP);
  return group(rows(first && { id: { in: first.ids } }), Promise.resolve(first ? first.matches : SEARCH_COUNT_CAP + 1));
}

const counted = { take: SEARCH_COUNT_CAP + 1 } as const;
// Customers' names keep their case, and there are few of them: matched anywhere, as their list does. Every
// other name is stored in lower case (CHECK constraints), as the terms are (searchTerms), so a plain match
// is exact for them, and a short term's prefix uses the btree.
const ci = (term: string) => ({ contains: term, mode: 'insensitive' as const });

/** Everything of the actor's that matches `q` (already validated: lib/validation/search-query.ts). */
export async function searchPanel(actor: Actor, q: string) {
  const terms = await listSearchTerms(actor, q);
  const customerWhere: Prisma.CustomerWhereInput = { AND: [customerScope(actor), { name: ci(likeLiteral(q.trim())) }] };
  const domainWhere: Prisma.DomainWhereInput = { AND: [domainScope(actor), matchAny(terms, (t) => [{ name: textMatch(t) }])] };
  // Accounts and aliases also match by the addresses that deliver to them; the other kinds need not wait.
  // The addresses' conditions are looked up once, for both.
  const keyMatches = terms.length ? virtmapKeyMatches(actor, terms) : Promise.resolve(null);
  const landsOn = keyMatches.then((matches) => (matches ? addressTargets(actor, matches, ADDRESS_MATCHES) : []));

  const [customers, domains, accounts, aliases, addresses] = await Promise.all([
    group(
      db().customer.findMany({ where: customerWhere, orderBy: { name: 'asc' }, take: SEARCH_ROWS, select: { id: true, name: true } }),
      db().customer.count({ where: customerWhere, ...counted }),
    ),
    namedGroup(
      (take) => db().domain.findMany({ where: domainWhere, take, select: { id: true, name: true } }),
      (first) =>
        db().domain.findMany({
          where: first ? { AND: [domainWhere, first] } : domainWhere,
          orderBy: { name: 'asc' },
          take: SEARCH_ROWS,
          select: { id: true, name: true, customer: { select: { name: true } } },
        }),
    ),
    landsOn.then((targets) => {
      const where: Prisma.AccountWhereInput = {
        AND: [accountScope(actor), { OR: [...terms.flatMap((t) => [{ name: textMatch(t) }, { loginAddress: textMatch(t) }]), ...targets] }],
      };
      return namedGroup(
        (take) => db().account.findMany({ where, take, select: { id: true, name: true } }),
        (first) =>
          db().account.findMany({
            where: first ? { AND: [where, first] } : where,
            orderBy: [{ name: 'asc' }, { id: 'asc' }],
            take: SEARCH_ROWS,
            select: { id: true, name: true, loginAddress: true, customer: { select: { name: true } } },
          }),
      );
    }),
    landsOn.then((targets) => {
      const where: Prisma.AliasWhereInput = {
        AND: [aliasScope(actor), { OR: [...terms.map((t) => ({ name: textMatch(t) })), ...targets] }],
      };
      return namedGroup(
        (take) => db().alias.findMany({ where, take, select: { id: true, name: true } }),
        (first) =>
          db().alias.findMany({
            where: first ? { AND: [where, first] } : where,
            orderBy: [{ name: 'asc' }, { id: 'asc' }],
            take: SEARCH_ROWS,
            select: { id: true, name: true, customer: { select: { name: true } } },
          }),
      );
    }),
    keyMatches.then((matches) => searchAddresses(actor, matches)),
  ]);
  return { customers, domains, accounts, aliases, addresses };
}

/**
 * The actor's addresses whose key holds a term: one query per condition of `virtmapKeyMatches` (each
 * answered by an index), the first rows merged in key order, and each address counted once (a later
 * condition counts only what the earlier ones did not match). `keyMatches` are those conditions, null
 * when there is no query (every address matches).
 */
async function searchAddresses(actor: Actor, keyMatches: Prisma.VirtmapWhereInput[] | null) {
  const matches = keyMatches ?? [{}];
  const where = (i: number): Prisma.VirtmapWhereInput => ({
    AND: [virtmapScope(actor), matches[i]!, ...matches.slice(0, i).map((m) => ({ NOT: m }))],
  });
  const parts = await Promise.all(
    matches.map((_, i) =>
      Promise.all([
        db().virtmap.findMany({
          where: where(i),
          orderBy: [{ localPart: 'asc' }, { id: 'asc' }],
          take: SEARCH_ROWS,
          select: { id: true, localPart: true, ...VIRTMAP_TARGET_SELECT, domain: { select: { id: true, name: true } } },
        }),
        db().virtmap.count({ where: where(i), ...counted }),
      ]),
    ),
  );
  const rows = parts
    .flatMap(([r]) => r)
    .sort((a, b) => (a.localPart < b.localPart ? -1 : a.localPart > b.localPart ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, SEARCH_ROWS)
    // Where it sends mail, in virtusertable's words (`joe+news`, `%1%3@other.example`).
    .map((r) => ({
      id: r.id,
      localPart: r.localPart,
      domain: r.domain,
      rejected: r.targetKind === 'REJECT',
      target: formatVirtmapTarget(virtmapTarget(r)),
    }));
  const n = parts.reduce((sum, [, c]) => sum + c, 0);
  return { rows, count: Math.min(n, SEARCH_COUNT_CAP), capped: n > SEARCH_COUNT_CAP };
}

export type PanelSearch = Awaited<ReturnType<typeof searchPanel>>;
