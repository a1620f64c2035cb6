import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { idnDomainTerms, searchTerms } from '../mail/idn';
import { domainScope } from './scope';

// How many of the actor's IDN domains are read to match a Unicode query against their Unicode names.
const IDN_DOMAINS = 2000;

/**
 * What a list looks for in stored (ASCII) names for a query: the query as typed, its A-label form, and
 * for a partial Unicode query (`bücher`) the A-labels of the actor's own IDN domains whose Unicode name
 * contains it (lib/mail/idn.ts). Empty for no query.
 */
export async function listSearchTerms(actor: Actor, q: string | undefined): Promise<string[]> {
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

/** A virtmap whose key `local@domain` contains the term. */
export function virtmapKeyMatch(term: string): Prisma.VirtmapWhereInput[] {
  const parts = addressParts(term);
  if (!parts) return [{ localPart: { contains: term } }, { domain: { name: { contains: term } } }];
  return [{ localPart: { endsWith: parts.local }, domain: { name: { startsWith: parts.domain } } }];
}
