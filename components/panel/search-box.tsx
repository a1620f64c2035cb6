import { SearchShortcut } from './search-shortcut';

/**
 * The panel's one search (/search?q=…): a GET form, so it works without JavaScript. The header has two,
 * only one shown at a time: in the row from 1280 px, inside the Menu below that; `/` focuses the one
 * shown (SearchShortcut).
 */
export function SearchBox({ id, className = '' }: { id: string; className?: string }) {
  return (
    <form role="search" aria-label="Everything" action="/search" method="get" className={`flex min-w-0 items-center ${className}`}>
      <label htmlFor={id} className="sr-only">
        Search everything
      </label>
      <input
        id={id}
        name="q"
        type="search"
        maxLength={100}
        placeholder="Search (/)"
        data-panel-search=""
        aria-keyshortcuts="/"
        className="w-full min-w-0 rounded border border-slate-500 bg-slate-900 px-2 py-1.5 text-sm text-white placeholder:text-slate-300"
      />
    </form>
  );
}

export { SearchShortcut };
