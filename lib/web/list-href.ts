import type { ListSort } from '../validation/list-query';
import { sortParam } from '../validation/list-query';

// The addresses of a list's own links (sort a column, the next or previous page): the list's state lives in
// its address, so each link is the current one with a field or two changed. Pure, so it is unit tested.

export type ListParams = Record<string, string | undefined>;

/** `path?…` with `params` changed by `change`; empty values are left out, and the rest keep their order. */
export function hrefWith(path: string, params: ListParams, change: ListParams = {}): string {
  const merged = { ...params, ...change };
  const search = new URLSearchParams(Object.entries(merged).filter((e): e is [string, string] => Boolean(e[1])));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** A column header that sorts by `key`: ascending first, the other way when it is the order already. */
export interface SortHeader {
  label: string;
  href: string;
  sorted: 'ascending' | 'descending' | null;
}

/** Sorting starts at the first page again (a cursor belongs to the order it was read in). */
export function sortHeader<K extends string>(path: string, params: ListParams, current: ListSort<K>, key: K, label: string): SortHeader {
  const active = current.key === key;
  const next = { key, desc: active && !current.desc };
  return {
    label,
    href: hrefWith(path, params, { sort: sortParam(next), after: undefined, before: undefined }),
    sorted: active ? (current.desc ? 'descending' : 'ascending') : null,
  };
}
