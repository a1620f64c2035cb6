import type { ReactNode } from 'react';

/**
 * A plain, accessible table: a caption for screen readers, header cells, and an empty state. A table wider
 * than the screen scrolls inside its own box (the page never does), and that box can take keyboard focus
 * so arrow keys scroll it too.
 */
export function DataTable({
  caption,
  headers,
  children,
  empty,
}: {
  caption: string;
  headers: string[];
  children: ReactNode;
  empty?: ReactNode;
}) {
  return (
    // Focusable, without a label of its own: the table's caption names it, and a label here would make
    // getByLabel('Domains') find the box as well as a "Domains" field on the same page.
    <div tabIndex={0} className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col" className="px-4 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
      {empty}
    </div>
  );
}

export function Cell({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <td className={`px-4 py-2 align-top ${className}`}>{children}</td>;
}
