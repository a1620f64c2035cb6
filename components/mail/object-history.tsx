import { FieldChanges } from '@/components/ui/field-changes';
import Link from 'next/link';
import { describeAuditEvent } from '@/lib/web/audit-words';

export interface HistoryEntry {
  id: string;
  at: Date;
  actorLabel: string;
  onBehalfOf: string | null;
  action: string;
  targetType: string;
  details: unknown;
  previous: unknown;
  /** null: this viewer may not change the object, so nothing is said about undoing. */
  undo: { ok: true } | { ok: false; reason: string } | null;
}

/**
 * An object's history at the end of its page: who changed what and when, newest first, each change as
 * before → after in words, and "Undo this change" (its own review page) where that is safe, else why not.
 */
export function ObjectHistory({
  rows,
  more,
  undone,
  title = 'History',
}: {
  rows: HistoryEntry[];
  more: boolean;
  /** Just back from an undo (?undone=1). */
  undone?: boolean;
  title?: string;
}) {
  return (
    <section className="mt-8" aria-labelledby="object-history" data-testid="object-history">
      <h2 id="object-history" className="mb-2 text-lg font-semibold">
        {title}
      </h2>
      {undone ? (
        <p role="status" className="mb-3 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Change undone. Waiting for sync.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">No changes recorded yet.</p>
      ) : (
        <ol className="divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm">
          {rows.map((e) => (
            <HistoryItem key={e.id} entry={e} />
          ))}
        </ol>
      )}
      {more ? (
        <p className="mt-2 text-sm">
          Older changes are in the{' '}
          <Link className="text-sky-700 underline" href="/audit">
            audit log
          </Link>
          .
        </p>
      ) : null}
    </section>
  );
}

function HistoryItem({ entry }: { entry: HistoryEntry }) {
  const words = describeAuditEvent(entry);
  return (
    <li className="flex flex-col gap-1 px-4 py-2 sm:flex-row sm:items-start sm:justify-between sm:gap-4" data-testid="history-entry">
      <div className="min-w-0">
        <p>
          <time dateTime={entry.at.toISOString()} className="text-slate-600">
            {entry.at.toISOString().slice(0, 16).replace('T', ' ')} UTC
          </time>{' '}
          {words.summary ?? (
            <>
              <span className="font-medium">{entry.actorLabel}</span> {words.did}
              {words.object ? <span className="font-medium"> {words.object}</span> : null}
            </>
          )}
        </p>
        <FieldChanges fields={words.fields} className="mt-1 text-xs text-slate-800" />
      </div>
      {entry.undo?.ok ? (
        <Link className="shrink-0 text-sm text-sky-700 underline" href={`/audit/${entry.id}/undo`}>
          Undo this change
        </Link>
      ) : entry.undo ? (
        <span className="shrink-0 text-xs text-slate-600 sm:w-56 sm:text-right">No undo: {entry.undo.reason}</span>
      ) : null}
    </li>
  );
}
