import { z } from 'zod';

// What the panel's one search box (the top bar, /search?q=…) accepts: a short line of text. Anything else
// (too long, control characters, not text at all) is no search, so an edited or stale link still shows
// the search page, never an error page — as the lists read their query (list-query.ts).

export const SEARCH_MAX = 100;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const text = z
  .string()
  .trim()
  .max(SEARCH_MAX)
  .refine((q) => !CONTROL.test(q));

/** `?q=` of the search page: the query, or undefined for none (empty, too long, control characters). */
export const SearchQuery = z.object({ q: text.optional().catch(undefined) }).transform(({ q }) => ({ q: q || undefined }));

/**
 * A LIKE pattern's text taken literally: `%`, `_` and the escape character itself match only themselves
 * (Postgres's default escape is the backslash).
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
