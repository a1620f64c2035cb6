import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { idnDomainTerms, searchTerms } from '../mail/idn';
import { likeLiteral } from '../validation/search-query';
import { domainScope, virtmapScope } from './scope';

// How many of the actor's IDN domains are read to match a Unicode query against their Unicode names.
const IDN_DOMAINS = 2000;

/**
 * What a list looks for in stored (ASCII) names for a query: the query as typed, its A-label form, and
 * for a partial Unicode query (`bücher`) the A-labels of the actor's own IDN domains whose Unicode name
 * contains it (lib/mail/idn.ts). Empty for no query. The terms are LIKE literals, ready for Prisma's
 * `contains`/`startsWith`/`endsWith`, which pass `%`, `_` and `\` through as wildcards: `a_b` finds
 * `a_b`, not `axb`.
 */
export async function listSearchTerms(actor: Actor, q: string | undefined): Promise<string[]> {
  return (await searchTermsOf(actor, q)).map(likeLiteral);
}

async function searchTermsOf(actor: Actor, q: string | undefined): Promise<string[]> {
  if (!q) return [];
  const direct = searchTerms(q);
  if ([...q].every((c) => c.charCodeAt(0) < 128)) return direct;
  const idn = await db().domain.findMany({
    where: { AND: [domainScope(actor), { name: { contains: 'xn--' } }] },
    orderBy: { name: 'asc' },
    take: IDN_DOMAINS,
    select: { name: true },
  });
  return [
    ...new Set([
      ...direct,
      ...idnDomainTerms(
        q,
        idn.map((d) => d.name),
      ),
    ]),
  ];
}

/**
 * Below this many characters a term matches the start of a name, not any part of it. A trigram index
 * answers a substring of three characters or more; a shorter one could only be found by reading names in
 * order until a page is full, which on a big host read 300,000 addresses to find none (`7` at 1M
 * addresses: 240 ms, docs/publishing.md), while a prefix is a range of the name's btree index.
 */
export const SUBSTRING_FROM = 3;

/**
 * How a search term matches a stored name: as a substring, or by its start when it is shorter than
 * SUBSTRING_FROM characters (`u7` finds `u7a`, not `bu7`). The term is a LIKE literal (listSearchTerms).
 */
export function textMatch(term: string): { contains: string } | { startsWith: string } {
  const characters = [...term.replace(/\\(.)/gu, '$1')].length;
  return characters < SUBSTRING_FROM ? { startsWith: term } : { contains: term };
}

/** A row matches when any of the terms matches one of its fields; no terms, no condition. */
export function matchAny<W>(terms: string[], fields: (term: string) => W[]): { OR: W[] } | Record<string, never> {
  return terms.length === 0 ? {} : { OR: terms.flatMap(fields) };
}

/**
 * Where a substring of `local@domain` lies, for a query that contains one `@`: the local part ends with
 * what comes before it and the domain starts with what follows (`oe@bü` in `joe@bücher.example`).
 */
export function addressParts(term: string): { local: string; domain: string } | null {
  const at = term.indexOf('@');
  if (at < 0 || term.indexOf('@', at + 1) >= 0) return null;
  return { local: term.slice(0, at), domain: term.slice(at + 1) };
}

// At most this many of the actor's domains are looked up by name to find their addresses by domain id.
const DOMAIN_MATCHES = 200;

/**
 * The virtmaps whose key `local@domain` contains one of the terms, as at most two conditions: by the local
 * part (and whole-address terms), then by the domain name. Each is answered by its own table's trigram
 * index; one OR across the join to Domain cannot be, and reads every virtmap of the host. A caller runs one
 * query per condition (`virtmapsByKey`, or `NOT` the earlier ones to count each virtmap once).
 *
 * The domains a term names are looked up first and their addresses asked for by domain id: with the
 * name's condition across the join, the planner could walk every address in key order looking for the
 * few on those domains (400 ms at 1M addresses for `d495`, whose 111 domains it guessed at 10). Where more
 * than DOMAIN_MATCHES domains match, their addresses are everywhere, and the walk is the quick way.
 */
export async function virtmapKeyMatches(actor: Actor, terms: string[]): Promise<Prisma.VirtmapWhereInput[]> {
  const byLocal: Prisma.VirtmapWhereInput[] = [];
  const domainTerms: string[] = [];
  for (const term of terms) {
    const parts = addressParts(term);
    if (parts) byLocal.push({ localPart: { endsWith: parts.local }, domain: { name: { startsWith: parts.domain } } });
    else {
      byLocal.push({ localPart: textMatch(term) });
      domainTerms.push(term);
    }
  }
  const conditions = byLocal.length > 0 ? [{ OR: byLocal }] : [];
  if (domainTerms.length === 0) return conditions;
  const byName: Prisma.VirtmapWhereInput = { OR: domainTerms.map((term) => ({ domain: { name: textMatch(term) } })) };
  const domains = await db().domain.findMany({
    where: { AND: [domainScope(actor), { OR: domainTerms.map((term) => ({ name: textMatch(term) })) }] },
    take: DOMAIN_MATCHES + 1,
    select: { id: true },
  });
  return [...conditions, domains.length > DOMAIN_MATCHES ? byName : { domainId: { in: domains.map((d) => d.id) } }];
}

/** Accounts or aliases that addresses deliver to: these names of one customer on one host. */
export interface AddressTargets {
  customerId: string;
  mailHostId: string;
  name: { in: string[] };
}

/**
 * The accounts and aliases (by name, customer and host) that the actor's matching addresses deliver to, as
 * conditions for an Account or Alias `where`: one per customer and host, with the names `in` a list. A
 * virtmap names its target by name on its customer's host, which Prisma cannot join on, so they are read
 * first. `matches` are virtmapKeyMatches' conditions for the query.
 *
 * None when more than `take` addresses match: such a search is not a search for one mailbox, and the
 * accounts and aliases are then found by their own names only. Reading "the first `take`" instead gave
 * whichever addresses the database met first (they have no order to be first in), so the same search
 * could find other accounts on another day; and it cost the most where it meant the least: a query that
 * matches every address (`bench` at a million) made each account and alias search a 400-parameter OR
 * that took 15-25 ms to plan and run (docs/publishing.md, "Lists and search at a million addresses").
 */
export async function addressTargets(actor: Actor, matches: Prisma.VirtmapWhereInput[], take: number): Promise<AddressTargets[]> {
  const found = await Promise.all(
    matches.map((match) =>
      db().virtmap.findMany({
        where: { AND: [virtmapScope(actor), { targetKind: 'LOCAL' }, match] },
        take: take + 1,
        select: { id: true, targetValue: true, domain: { select: { customerId: true, mailHostId: true } } },
      }),
    ),
  );
  // An address can match more than one condition (its local part and its domain): counted once.
  const addresses = new Map(found.flat().map((v) => [v.id, v]));
  if (addresses.size > take) return [];
  const names = new Map<string, { customerId: string; mailHostId: string; names: Set<string> }>();
  for (const v of addresses.values()) {
    const key = `${v.domain.customerId} ${v.domain.mailHostId}`;
    const entry = names.get(key) ?? { customerId: v.domain.customerId, mailHostId: v.domain.mailHostId, names: new Set<string>() };
    entry.names.add(v.targetValue);
    names.set(key, entry);
  }
  return [...names.values()].map((e) => ({ customerId: e.customerId, mailHostId: e.mailHostId, name: { in: [...e.names].sort() } }));
}
