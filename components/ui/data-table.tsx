import Link from 'next/link';
import type { ReactNode } from 'react';
import type { SortHeader } from '@/lib/web/list-href';
import { ScrollRegion } from './scroll-region';

/** A column: its label, or a header that sorts the list by it (lib/web/list-href.ts). */
export type Header = string | SortHeader;

/**
 * A plain, accessible table: a caption for screen readers, header cells (sortable ones as links that say
 * their order with aria-sort), an empty state, and a scroll region that keyboards reach when it is wide.
 */
export function DataTable({
  caption,
  headers,
  children,
  empty,
}: {
  caption: string;
  headers: Header[];
  children: ReactNode;
  empty?: ReactNode;
}) {
  return (
    // No label of its own: the table's caption names it, and a label here would make getByLabel('Domains')
    // find the box as well as a "Domains" field on the same page.
    <ScrollRegion className="rounded border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-700">
          <tr>
            {headers.map((h) =>
              typeof h === 'string' ? (
                <th key={h} scope="col" className="px-4 py-2">
                  {h}
                </th>
              ) : (
                <th key={h.label} scope="col" className="px-4 py-2" aria-sort={h.sorted ?? undefined}>
                  <Link href={h.href} className="inline-flex items-center gap-1 uppercase text-sky-800 hover:underline">
                    {h.label}
                    <span aria-hidden="true">{h.sorted === 'ascending' ? '▲' : h.sorted === 'descending' ? '▼' : '↕'}</span>
                    <span className="sr-only">
                      {h.sorted === 'ascending' ? ', sorted ascending' : h.sorted === 'descending' ? ', sorted descending' : ', sort'}
                    </span>
                  </Link>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
      {empty}
    </ScrollRegion>
  );
}

export function Cell({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <td className={`px-4 py-2 align-top ${className}`}>{children}</td>;
}
