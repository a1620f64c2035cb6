import Link from 'next/link';
import { hrefWith, type ListParams } from '@/lib/web/list-href';

/**
 * Previous and next page of a keyset list, keeping its search and sort: each link carries the cursor of
 * its side (`before`/`after`, or the names given) and drops the other one.
 */
export function Pager({
  path,
  params,
  next,
  prev,
  names = { next: 'after', prev: 'before' },
  labels = { next: 'Next page →', prev: '← Previous page' },
}: {
  path: string;
  params: ListParams;
  next: string | null;
  prev: string | null;
  names?: { next: string; prev: string };
  labels?: { next: string; prev: string };
}) {
  if (!next && !prev) return null;
  const cleared = { [names.next]: undefined, [names.prev]: undefined };
  return (
    <nav aria-label="Pages" className="mt-4 flex gap-6 text-sm">
      {prev ? (
        <Link className="text-sky-700 underline" href={hrefWith(path, params, { ...cleared, [names.prev]: prev })}>
          {labels.prev}
        </Link>
      ) : null}
      {next ? (
        <Link className="text-sky-700 underline" href={hrefWith(path, params, { ...cleared, [names.next]: next })}>
          {labels.next}
        </Link>
      ) : null}
    </nav>
  );
}
