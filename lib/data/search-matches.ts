import './server-only';
import { compareText } from '../mail/text-order';

// A search's matches are read first, through the trigram indexes and in no order, and only then put in
// the list's order. Asked for in one query ("the first rows by name whose name holds `d495`"), PostgreSQL
// walks the name index and tests each name, which it expects to be quick when it guesses the matches are
// spread evenly. They are not: the names that hold `d495` are mostly those that start with it, all in one
// stretch of the order, and the walk read 88,000 names (a domain) and 200,000 (an account) before it got
// there: 25–418 ms, depending on a guess that changed with each ANALYZE (docs/publishing.md, "Lists and
// search at a million addresses"). Read first, a few hundred matches cost a few milliseconds whatever the
// guess. A search that matches more than MATCHES_READ rows is broad: its matches are everywhere in the
// order, so the walk finds a page at once, and the query is left as it was.

/** At most this many matches are read ahead; more, and the search is left to the index walk. */
export const MATCHES_READ = 1000;

/**
 * The ids of every row a search matches, or null when more than MATCHES_READ do (or there is no search).
 * `read(take)` reads the matching ids with no order.
 */
export async function matchingIds(searching: boolean, read: (take: number) => Promise<{ id: string }[]>): Promise<string[] | null> {
  if (!searching) return null;
  const rows = await read(MATCHES_READ + 1);
  return rows.length > MATCHES_READ ? null : rows.map((r) => r.id);
}

/**
 * The first `count` of a search's matches in (name, id) order — the database's order, code points — and how
 * many match; null when more than `most` do. `read(take)` reads the matches' names with no order.
 */
export async function firstByName(
  read: (take: number) => Promise<{ id: string; name: string }[]>,
  count: number,
  most = MATCHES_READ,
): Promise<{ ids: string[]; matches: number } | null> {
  const rows = await read(most + 1);
  if (rows.length > most) return null;
  rows.sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  return { ids: rows.slice(0, count).map((r) => r.id), matches: rows.length };
}
