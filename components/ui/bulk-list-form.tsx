import type { ReactNode } from 'react';
import { SelectAll } from './select-all';

/**
 * A list whose rows can be ticked (RowCheckbox) and changed together: a GET form to the list's bulk review
 * page (`<path>/bulk?op=…&ids=…`), which shows the one review of the whole batch before anything changes.
 * `ops` null: the actor may not change this list, so it is a plain list.
 */
export function BulkListForm({
  action,
  ops,
  children,
}: {
  action: string;
  ops: { op: string; label: string }[] | null;
  children: ReactNode;
}) {
  if (!ops || ops.length === 0) return <>{children}</>;
  return (
    <form method="get" action={action} aria-label="Selected rows">
      <div className="mb-2 flex flex-wrap items-center gap-3">
        <SelectAll />
        <span className="text-sm text-slate-600">With the selected:</span>
        {ops.map((o) => (
          <button
            key={o.op}
            type="submit"
            name="op"
            value={o.op}
            className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
          >
            {o.label}
          </button>
        ))}
      </div>
      {children}
    </form>
  );
}

/** A row's checkbox in a BulkListForm, named for the row so a screen reader says what it selects. */
export function RowCheckbox({ id, name, show }: { id: string; name: string; show: boolean }) {
  if (!show) return null;
  return (
    <td className="px-4 py-2 align-top">
      <input type="checkbox" name="ids" value={id} aria-label={`Select ${name}`} className="h-4 w-4" />
    </td>
  );
}
