import type { AuditWords } from '@/lib/web/audit-words';

/** An event's fields as "field: before → after" (or just the value it set), one per line. */
export function FieldChanges({ fields, className = '' }: { fields: AuditWords['fields']; className?: string }) {
  if (fields.length === 0) return null;
  return (
    <ul className={`space-y-0.5 ${className}`}>
      {fields.map((f) => (
        <li key={f.field}>
          <span className="text-slate-700">{f.field}:</span>{' '}
          {f.from !== undefined ? (
            <>
              {f.from} <span aria-label="changed to">→</span> {f.to}
            </>
          ) : (
            f.to
          )}
        </li>
      ))}
    </ul>
  );
}
