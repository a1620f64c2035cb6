import type { Usage } from '@/lib/web/usage';

const BAR = { ok: 'bg-sky-600', near: 'bg-amber-500', full: 'bg-red-600' } as const;

/** Each limit as a bar (a meter: its value, range and text are read out) with "3 of 10" beside it. */
export function UsageBars({ title, items }: { title: string; items: Usage[] }) {
  return (
    <section aria-labelledby="usage-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="usage-heading" className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      <ul className="flex flex-col gap-3">
        {items.map((u) => (
          <li key={u.label} className="text-sm">
            <div className="mb-1 flex justify-between gap-2">
              <span id={`usage-${u.label}`} className="font-medium">
                {u.label}
              </span>
              <span className={u.level === 'ok' ? 'text-slate-700' : 'font-semibold text-red-800'}>
                {u.text}
                {u.level === 'full' ? ' — limit reached' : u.level === 'near' ? ' — near the limit' : ''}
              </span>
            </div>
            <div
              role="meter"
              aria-labelledby={`usage-${u.label}`}
              aria-valuemin={0}
              aria-valuemax={u.limit}
              aria-valuenow={u.used}
              aria-valuetext={u.text}
              className="h-2 w-full overflow-hidden rounded bg-slate-200"
            >
              <div className={`h-2 ${BAR[u.level]}`} style={{ width: `${u.percent}%` }} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
