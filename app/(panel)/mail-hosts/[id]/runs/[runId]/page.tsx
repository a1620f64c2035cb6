import Link from 'next/link';
import { notFound } from 'next/navigation';
import { FileDiff } from '@/components/sync/file-diff';
import { Pill } from '@/components/sync/host-status';
import { duration, When } from '@/components/sync/when';
import { Cell, DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { openScreen } from '@/lib/web/open-screen';
import { getSyncRun } from '@/lib/data/sync-history';
import { phaseTimes } from '@/lib/web/phase-times';
import { orNotFound } from '@/lib/web/or-not-found';

// One publish: its result, the time of each phase, the tool's own error text, and each file's diff
// against the previous revision. Operators only (the files hold every tenant's data on the host).
export default async function SyncRunPage({ params }: { params: Promise<{ id: string; runId: string }> }) {
  const actor = await openScreen('syncRun');
  const { id, runId } = await params;
  const run = await orNotFound(getSyncRun(actor, runId));
  if (run.mailHost.id !== id) notFound();
  const phases = phaseTimes(
    run.phases as Record<string, number> | null,
    run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
  );
  return (
    <>
      <PageHeader
        title={run.revision ? `${run.mailHost.name} revision ${run.revision}` : `${run.mailHost.name}: failed publish`}
        subtitle={
          <Link className="text-sky-700 hover:underline" href={`/mail-hosts/${run.mailHost.id}`}>
            ← {run.mailHost.name}
          </Link>
        }
      />
      <dl className="mb-6 grid max-w-2xl grid-cols-[10rem_1fr] gap-y-2 rounded border border-slate-200 bg-white p-4 text-sm">
        <dt className="text-slate-600">Result</dt>
        <dd data-testid="run-status">
          {run.status === 'SUCCEEDED' ? (
            <Pill tone="emerald">succeeded</Pill>
          ) : run.status === 'FAILED' ? (
            <Pill tone="red">failed{run.failedPhase ? ` at ${run.failedPhase}` : ''}</Pill>
          ) : (
            <Pill tone="amber">{run.status.toLowerCase()}</Pill>
          )}
          {run.revision && run.revision === run.mailHost.liveRevision ? (
            <span className="ml-2 text-xs text-slate-600">live now</span>
          ) : null}
        </dd>
        <dt className="text-slate-600">Trigger</dt>
        <dd>{run.trigger}</dd>
        <dt className="text-slate-600">Rendered from</dt>
        <dd>change {run.changeSeq.toString()}</dd>
        <dt className="text-slate-600">Started</dt>
        <dd>
          <When at={run.startedAt} /> ({duration(run.startedAt, run.finishedAt)})
        </dd>
        <dt className="text-slate-600">Phases</dt>
        <dd data-testid="run-phases">
          <span className="font-mono text-xs">{phases.line}</span>
          {phases.note ? <p className="mt-1 text-xs text-slate-600">{phases.note}</p> : null}
        </dd>
      </dl>
      {run.error ? (
        <section className="mb-6" aria-labelledby="error">
          <h2 id="error" className="mb-2 text-lg font-semibold text-red-800">
            Error
          </h2>
          <pre className="overflow-x-auto rounded border border-red-200 bg-red-50 p-3 text-xs text-red-900" data-testid="run-error">
            {run.error}
          </pre>
          {run.status === 'FAILED' ? (
            <p className="mt-2 text-sm text-slate-600">
              Nothing of this run was switched in unless it failed after the switch: the previous revision stayed live.
            </p>
          ) : null}
        </section>
      ) : null}
      {run.files.length > 0 ? (
        <section aria-labelledby="files">
          <h2 id="files" className="mb-2 text-lg font-semibold">
            Files
          </h2>
          <DataTable caption="Files of this revision" headers={['File', 'Size', 'SHA-256', 'Changed']}>
            {run.files.map((f) => (
              <tr key={f.name}>
                <Cell className="font-mono">{f.name}</Cell>
                <Cell>{f.size.toLocaleString('en')} bytes</Cell>
                <Cell className="font-mono text-xs">
                  <span title={f.sha256}>{f.sha256.slice(0, 16)}…</span>
                </Cell>
                <Cell>{f.changed ? 'yes' : 'no'}</Cell>
              </tr>
            ))}
          </DataTable>
          {run.files
            .filter((f) => f.changed)
            .map((f) => (
              <details key={f.name} className="mt-4" open>
                <summary className="cursor-pointer text-sm font-medium">
                  {f.name}
                  {run.revision ? ` against revision ${run.revision - 1 || 'none'}` : ''}
                </summary>
                <div className="mt-2">
                  <FileDiff name={f.name} stored={f.diff} before={f.before} after={f.after} />
                </div>
              </details>
            ))}
        </section>
      ) : null}
    </>
  );
}
