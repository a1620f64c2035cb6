/** A GET search box: the query lives in the URL, so results can be linked and the back button works. */
export function SearchForm({ q, label }: { q?: string; label: string }) {
  return (
    <form role="search" className="mb-4 flex gap-2" method="get">
      <label htmlFor="q" className="sr-only">
        {label}
      </label>
      <input
        id="q"
        name="q"
        type="search"
        defaultValue={q}
        placeholder={label}
        className="w-72 rounded border border-slate-300 px-3 py-2 text-sm"
      />
      <button className="rounded border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">Search</button>
    </form>
  );
}
