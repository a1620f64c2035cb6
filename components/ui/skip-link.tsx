/** The first thing a keyboard reaches on every page: straight to the page's own content (<main id="main">). */
export function SkipLink() {
  return (
    <a
      href={`#${MAIN_ID}`}
      className="sr-only z-50 rounded bg-white px-4 py-2 text-sm font-medium text-sky-800 shadow focus:not-sr-only focus:absolute focus:left-4 focus:top-2"
    >
      Skip to content
    </a>
  );
}

/** The id of every page's one <main>, the skip link's target. */
export const MAIN_ID = 'main';
