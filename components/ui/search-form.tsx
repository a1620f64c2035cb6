import type { ReactNode } from 'react';

/**
 * A GET search box: the query lives in the URL, so results can be linked and the back button works. The
 * list's sort rides along (a hidden field), so searching keeps the order; a new search starts at page one.
 * `children`: the list's filters (ListFilters), sent with the search.
 */
export function SearchForm({ q, label, sort, children }: { q?: string; label: string; sort?: string; children?: ReactNode }) {
  return (
    <form role="search" className="mb-4 flex flex-wrap gap-2" method="get">
      <label htmlFor="q" className="sr-only">
        {label}
      </label>
      <input
        id="q"
        name="q"
        type="search"
        defaultValue={q}
        placeholder={label}
        className="w-full max-w-sm rounded border border-slate-300 px-3 py-2 text-sm"
      />
      {children}
      {sort ? <input type="hidden" name="sort" value={sort} /> : null}
      <button className="rounded border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">Search</button>
    </form>
  );
}
