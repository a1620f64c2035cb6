// Every list of lib/data pages the same way, by keyset: one more row than a page is read, and the extra
// row says whether there is a next page. The page's last id is the cursor of the next (STYLE.md: "lists
// use keyset pagination"); no OFFSET, so a page costs the same however deep it is.

const PAGE_SIZE = 25;

/** The list screens' order: by name, the id breaking ties (names repeat across tenants). */
const BY_NAME = [{ name: 'asc' as const }, { id: 'asc' as const }];

/**
 * Prisma arguments for the page after the row `after` (the first page without it), in `orderBy` order.
 * A where clause of the caller's may narrow the rows further; the order must end in a unique key.
 */
export function pageArgs<O = typeof BY_NAME, K = string>(after: K | undefined, orderBy?: O, size = PAGE_SIZE) {
  return {
    take: size + 1,
    ...(after !== undefined ? { cursor: { id: after }, skip: 1 } : {}),
    orderBy: orderBy ?? (BY_NAME as O),
  };
}

/** Splits off the extra row pageArgs read: the page, and the cursor of the next one (null on the last). */
export function toPage<T extends { id: unknown }>(rows: T[], size = PAGE_SIZE): { rows: T[]; next: T['id'] | null } {
  if (rows.length <= size) return { rows, next: null };
  const shown = rows.slice(0, size);
  return { rows: shown, next: shown[shown.length - 1]?.id ?? null };
}
