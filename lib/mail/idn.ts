import { domainToASCII, domainToUnicode } from 'node:url';

// Domains are stored as lower-case A-labels (DOMAIN.md, the model): what the mail host compares. People
// read and type the Unicode form (U-label), so lists show `bücher.example` and search accepts either form.
// node:url applies UTS #46, the same mapping as the WHATWG URL parser that stores the name (domain-name.ts).

const NON_ASCII = /[^\u0000-\u007f]/;

/** The Unicode form of a stored domain name, or the name itself when it has no other form (or is broken). */
export function domainForDisplay(ascii: string): string {
  if (!/(^|\.)xn--/.test(ascii)) return ascii;
  return domainToUnicode(ascii) || ascii;
}

/** An address (`local@domain`, `@domain` for a catch-all, or a bare domain) with its domain in Unicode. */
export function addressForDisplay(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return domainForDisplay(address);
  return `${address.slice(0, at + 1)}${domainForDisplay(address.slice(at + 1))}`;
}

/** True when the stored name reads differently in Unicode: then its ASCII form is shown beside it. */
export const hasUnicodeForm = (ascii: string): boolean => addressForDisplay(ascii) !== ascii;

/**
 * What to look for in stored (ASCII) names for a typed query: the query in lower case and, when it holds
 * non-ASCII letters, its A-label form too (`bücher` → `xn--bcher-kva`), the part after an `@` converted
 * as a domain. A query that has no A-label form is searched as typed only.
 */
export function searchTerms(query: string): string[] {
  const typed = query.trim().toLowerCase();
  if (typed === '') return [];
  if (!NON_ASCII.test(typed)) return [typed];
  const at = typed.lastIndexOf('@');
  const local = at < 0 ? '' : typed.slice(0, at + 1);
  const domain = at < 0 ? typed : typed.slice(at + 1);
  const ascii = domain === '' ? '' : domainToASCII(domain);
  return ascii === '' || ascii === domain ? [typed] : [typed, `${local}${ascii}`];
}

/**
 * A partial Unicode query matches no A-label text (`bücher` is not a substring of the A-label of
 * `bücher-shop.example`: Punycode encodes whole labels). So the query is also looked for in the Unicode
 * form of the IDN domains the searcher can see (`idnDomains`, stored A-labels): each domain whose Unicode
 * name contains the query's domain part adds the query with that part replaced by the domain's A-label.
 * At most `limit` domains are added, the first in the order given.
 */
export function idnDomainTerms(query: string, idnDomains: readonly string[], limit = 50): string[] {
  const typed = query.trim().toLowerCase();
  if (!NON_ASCII.test(typed)) return [];
  const at = typed.lastIndexOf('@');
  const local = at < 0 ? '' : typed.slice(0, at + 1);
  const part = at < 0 ? typed : typed.slice(at + 1);
  if (part === '' || !NON_ASCII.test(part)) return [];
  return idnDomains
    .filter((ascii) => domainForDisplay(ascii).includes(part))
    .slice(0, limit)
    .map((ascii) => `${local}${ascii}`);
}
