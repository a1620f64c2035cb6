// Every list of lib/data pages the same way, by keyset: one more row than a page is read, and the extra
// row says whether there is another page in that direction. The first or last id of a page is the cursor
// of the next or previous one (STYLE.md: "lists use keyset pagination"); no OFFSET, so a page costs the
// same however deep it is. Prisma's cursor compares every column of the order with the cursor row's, so
// any order that ends in a unique key (the id) pages without gaps or repeats, forwards and backwards.

const PAGE_SIZE = 25;

/** The list screens' order: by name, the id breaking ties (names repeat across tenants). */
const BY_NAME = [{ name: 'asc' as const }, { id: 'asc' as const }];

/** Where a page starts: after a row (forwards, the next page) or before one (backwards, the previous). */
export interface PageCursor<K> {
  after?: K;
  before?: K;
}

export interface Page<T extends { id: unknown }> {
  rows: T[];
  /** The cursor of the following page (`after`), null on the last. */
  next: T['id'] | null;
  /** The cursor of the page before (`before`), null on the first. */
  prev: T['id'] | null;
}

interface KeysetArgs<O, K> {
  take: number;
  orderBy: O;
  cursor?: { id: K };
  skip?: number;
}

/**
 * Prisma arguments for one page in `orderBy` order (which must end in a unique key), starting after or
 * before a cursor row, or at the start. A where clause of the caller's narrows the rows further.
 */
export function keysetArgs<O, K>(orderBy: O, at: PageCursor<K> = {}, size = PAGE_SIZE): KeysetArgs<O, K> {
  if (at.before !== undefined) return { take: -(size + 1), cursor: { id: at.before }, skip: 1, orderBy };
  if (at.after !== undefined) return { take: size + 1, cursor: { id: at.after }, skip: 1, orderBy };
  return { take: size + 1, orderBy };
}

/** Splits off the extra row keysetArgs read, and names the cursors of the pages on either side. */
export function toKeysetPage<T extends { id: unknown }, K>(rows: T[], at: PageCursor<K> = {}, size = PAGE_SIZE): Page<T> {
  const more = rows.length > size;
  if (at.before !== undefined) {
    // Read backwards: the extra row is the first; the cursor row itself follows this page.
    const shown = more ? rows.slice(rows.length - size) : rows;
    return { rows: shown, prev: more ? (shown[0]?.id ?? null) : null, next: shown.at(-1)?.id ?? null };
  }
  const shown = more ? rows.slice(0, size) : rows;
  return { rows: shown, next: more ? (shown.at(-1)?.id ?? null) : null, prev: at.after !== undefined ? (shown[0]?.id ?? null) : null };
}

/** The forward-only form of keysetArgs, by name unless told (lists that only ever page onwards). */
export function pageArgs<O = typeof BY_NAME, K = string>(after: K | undefined, orderBy?: O, size = PAGE_SIZE) {
  return keysetArgs(orderBy ?? (BY_NAME as O), { after }, size);
}

/** The forward-only form of toKeysetPage: the page, and the cursor of the next one (null on the last). */
export function toPage<T extends { id: unknown }>(rows: T[], size = PAGE_SIZE): { rows: T[]; next: T['id'] | null } {
  const { rows: shown, next } = toKeysetPage(rows, {}, size);
  return { rows: shown, next };
}

/** The order of a list sorted on one column: that column, then the id the same way (a unique key). */
export function sortedBy<F extends string>(field: F, desc: boolean) {
  const dir = desc ? ('desc' as const) : ('asc' as const);
  return [{ [field]: dir } as Record<F, 'asc' | 'desc'>, { id: dir }];
}
