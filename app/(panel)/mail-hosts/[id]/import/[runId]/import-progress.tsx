'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

interface Progress {
  status: string;
  done: number;
  total: number;
  error: string | null;
}

/**
 * The apply's progress bar: polls the run's status once a second while it is queued or running, and reloads
 * the page (its report, now of what was written) when it has finished.
 */
export function ImportProgress({ statusUrl, initial }: { statusUrl: string; initial: Progress }) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  const active = progress.status === 'QUEUED' || progress.status === 'RUNNING';
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      void fetch(statusUrl, { cache: 'no-store' })
        .then((r) => (r.ok ? (r.json() as Promise<Progress>) : null))
        .then((next) => {
          if (!next) return;
          setProgress(next);
          if (next.status === 'DONE' || next.status === 'FAILED') router.refresh();
        })
        .catch(() => {});
    }, 1000);
    return () => clearInterval(timer);
  }, [active, statusUrl, router]);
  const percent = progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : progress.status === 'DONE' ? 100 : 0;
  const label = { QUEUED: 'Waiting for the worker…', RUNNING: 'Importing…', DONE: 'Imported', FAILED: 'Failed: nothing was imported' }[
    progress.status
  ];
  if (!label) return null;
  return (
    <div className="mb-6 flex max-w-xl flex-col gap-1" aria-live="polite">
      <div className="flex justify-between text-sm">
        <span data-testid="import-status">{label}</span>
        <span>{percent} %</span>
      </div>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-3 overflow-hidden rounded bg-slate-200"
      >
        <div className={`h-full ${progress.status === 'FAILED' ? 'bg-red-600' : 'bg-sky-600'}`} style={{ width: `${percent}%` }} />
      </div>
      {progress.error ? <p className="text-sm text-red-700">{progress.error}</p> : null}
    </div>
  );
}
