import { diffText, parseStoredDiff, type DiffLine } from '@/lib/sync/line-diff';

/**
 * A published file against the previous revision's text, as unified hunks (old and new line numbers): the
 * diff the run kept, or the diff of the two texts it kept.
 */
export function FileDiff({ name, stored, before, after }: { name: string; stored: unknown; before: string | null; after: string | null }) {
  const kept = stored === null ? null : parseStoredDiff(stored);
  if (stored !== null && kept === null) return <p className="text-sm text-slate-600">The changes of this revision could not be read.</p>;
  if (kept === null && after === null) return <p className="text-sm text-slate-600">The text of this revision is no longer kept.</p>;
  if (kept === null && before === null)
    return <p className="text-sm text-slate-600">The previous revision&apos;s text is no longer kept, so no diff can be shown.</p>;
  const diff = kept ?? diffText(before ?? '', after ?? '');
  if (diff.hunks.length === 0)
    return <p className="text-sm text-slate-600">No line changed (only bytes the diff does not show, such as a final newline).</p>;
  return (
    <div className="flex flex-col gap-2">
      <p className="text-xs text-slate-600" data-testid={`diff-summary-${name}`}>
        <span className="text-emerald-800">+{diff.added}</span> <span className="text-red-800">−{diff.removed}</span> lines
        {diff.omitted > 0 ? `; ${diff.omitted} more changed lines not shown` : ''}
      </p>
      {/* Long lines scroll inside this box, which the keyboard can focus to scroll it. */}
      <div
        role="region"
        aria-label={`Changes to ${name}`}
        tabIndex={0}
        className="overflow-x-auto rounded border border-slate-200 bg-white font-mono text-xs"
        data-testid={`diff-${name}`}
      >
        {diff.hunks.map((hunk) => (
          <div key={`${hunk.oldStart}:${hunk.newStart}`} className="border-b border-slate-100 last:border-0">
            <div className="bg-sky-50 px-2 py-0.5 text-sky-900">
              @@ −{hunk.oldStart} +{hunk.newStart} @@
            </div>
            {hunk.lines.map((line) => (
              <Line key={`${'oldNo' in line ? line.oldNo : ''}:${'newNo' in line ? line.newNo : ''}`} line={line} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

const STYLE = { same: '', add: 'bg-emerald-50 text-emerald-900', del: 'bg-red-50 text-red-900' };
const SIGN = { same: ' ', add: '+', del: '−' };

function Line({ line }: { line: DiffLine }) {
  return (
    <div className={`flex whitespace-pre ${STYLE[line.kind]}`}>
      <span className="w-12 shrink-0 select-none pr-2 text-right text-slate-600">{'oldNo' in line ? line.oldNo : ''}</span>
      <span className="w-12 shrink-0 select-none pr-2 text-right text-slate-600">{'newNo' in line ? line.newNo : ''}</span>
      <span className="select-none pr-1">{SIGN[line.kind]}</span>
      <span>{line.text}</span>
    </div>
  );
}
