import { z } from 'zod';

// What a list screen reads from its address: a search, a sort and a page cursor. Every field falls back to
// its default instead of failing, so an edited or stale link still shows a list (never an error page).

/** A sort as it appears in the address: `name` (ascending) or `-name` (descending). */
export interface ListSort<K extends string> {
  key: K;
  desc: boolean;
}

/**
 * Reads `sort=key` / `sort=-key` against the keys a list offers; anything else is the list's default
 * (the first key, ascending), so the order is always one the data layer knows how to page through.
 */
export function parseSort<K extends string>(raw: unknown, keys: readonly [K, ...K[]]): ListSort<K> {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const desc = text.startsWith('-');
  const key = (desc ? text.slice(1) : text) as K;
  return keys.includes(key) ? { key, desc } : { key: keys[0], desc: false };
}

/** The address form of a sort (the inverse of parseSort). */
export const sortParam = <K extends string>(sort: ListSort<K>): string => (sort.desc ? `-${sort.key}` : sort.key);

/**
 * A page cursor from the address (`after`, `before`, or a list's own name for one): the id of a row, so a
 * UUID, or no cursor at all. Anything else (an edited link, `?before=zzz`, a repeated parameter) is the
 * first page rather than an error: Postgres refuses a malformed uuid, which would surface as a 500.
 */
export const cursor = z.uuid().optional().catch(undefined);

/** The cursor schema as a function, for pages that read one cursor outside a list query. */
export const parseCursor = (raw: unknown): string | undefined => cursor.parse(raw);

/** A list's query with the sort keys it offers; `after`/`before` page forwards and back (keyset). */
export function listQuery<K extends string>(keys: readonly [K, ...K[]]) {
  return z
    .object({
      q: z.string().trim().max(100).optional().catch(undefined),
      sort: z.unknown().optional(),
      after: cursor,
      before: cursor,
      // Server-side filters (lists that have no such column ignore them): enabled or disabled, one customer.
      status: z.enum(['enabled', 'disabled']).optional().catch(undefined),
      customer: cursor,
    })
    .transform(({ sort, ...rest }) => ({ ...rest, q: rest.q || undefined, sort: parseSort(sort, keys) }));
}

export type ListQuery<K extends string = string> = {
  q?: string;
  sort?: ListSort<K>;
  after?: string;
  before?: string;
  status?: 'enabled' | 'disabled';
  customer?: string;
};

/** The `where` of a list's filters, for models with `enabled` and `customerId` (accounts, domains; aliases: customer only). */
export function filterWhere(query: Pick<ListQuery, 'status' | 'customer'>, hasStatus = true) {
  return {
    ...(hasStatus && query.status ? { enabled: query.status === 'enabled' } : {}),
    ...(query.customer ? { customerId: query.customer } : {}),
  };
}
