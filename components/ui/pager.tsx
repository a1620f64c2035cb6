import Link from 'next/link';

/** "Next page" for keyset lists: carries the search query along with the cursor. */
export function Pager({ path, q, next }: { path: string; q?: string; next: string | null }) {
  if (!next) return null;
  const params = new URLSearchParams({ ...(q ? { q } : {}), after: next });
  return (
    <div className="mt-4">
      <Link className="text-sm text-sky-700 underline" href={`${path}?${params.toString()}`}>
        Next page →
      </Link>
    </div>
  );
}
