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

/**
 * The virtmaps whose key `local@domain` contains one of the terms, as at most two conditions: by the local
 * part (and whole-address terms), then by the domain name. Each is answered by its own table's trigram
 * index; one OR across the join to Domain cannot be, and reads every virtmap of the host. A caller runs one
 * query per condition (`virtmapsByKey`, or `NOT` the earlier ones to count each virtmap once).
 */
export function virtmapKeyMatches(terms: string[]): Prisma.VirtmapWhereInput[] {
  const byLocal: Prisma.VirtmapWhereInput[] = [];
  const byDomain: Prisma.VirtmapWhereInput[] = [];
  for (const term of terms) {
    const parts = addressParts(term);
    if (parts) byLocal.push({ localPart: { endsWith: parts.local }, domain: { name: { startsWith: parts.domain } } });
    else {
      byLocal.push({ localPart: { contains: term } });
      byDomain.push({ domain: { name: { contains: term } } });
    }
  }
  return [byLocal, byDomain].filter((c) => c.length > 0).map((c) => ({ OR: c }));
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
 * first; at most `take` addresses are read (a search matching more is not a search for one mailbox).
 */
export async function addressTargets(actor: Actor, terms: string[], take: number): Promise<AddressTargets[]> {
  const found = await Promise.all(
    virtmapKeyMatches(terms).map((match) =>
      db().virtmap.findMany({
        where: { AND: [virtmapScope(actor), { targetKind: 'LOCAL' }, match] },
        take,
        select: { targetValue: true, domain: { select: { customerId: true, mailHostId: true } } },
      }),
    ),
  );
  const names = new Map<string, { customerId: string; mailHostId: string; names: Set<string> }>();
  for (const v of found.flat().slice(0, take)) {
    const key = `${v.domain.customerId} ${v.domain.mailHostId}`;
    const entry = names.get(key) ?? { customerId: v.domain.customerId, mailHostId: v.domain.mailHostId, names: new Set<string>() };
    entry.names.add(v.targetValue);
    names.set(key, entry);
  }
  return [...names.values()].map((e) => ({ customerId: e.customerId, mailHostId: e.mailHostId, name: { in: [...e.names].sort() } }));
}
