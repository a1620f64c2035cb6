import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButton } from '@/components/ui/action-button';
import { PageHeader } from '@/components/ui/page-header';
import { mayChangeOn } from '@/lib/auth/policy';
import { getImportRun } from '@/lib/data/import-runs';
import { openScreen } from '@/lib/web/open-screen';
import { orNotFound } from '@/lib/web/or-not-found';
import { applyImportAction } from './actions';
import { ImportProgress } from './import-progress';
import { ReportLists } from './report-lists';

export const metadata: Metadata = { title: 'Import' };

// One import: its dry run's report (what would be created, what conflicts, every kept-out line), Apply, the
// progress of the apply, and the report to download.
export default async function ImportRunPage({ params }: { params: Promise<{ id: string; runId: string }> }) {
  const actor = await openScreen('importRun');
  const { id, runId } = await params;
  const run = await orNotFound(getImportRun(actor, runId));
  const r = run.report;
  const blocked = r.conflicts.length > 0 || r.problems.length > 0;
  const base = `/mail-hosts/${id}/import/${run.id}`;
  const c = r.created;
  const counts = `${c.domains} domains, ${c.accounts} accounts, ${c.aliases} aliases and ${c.virtmaps} virtmaps`;
  return (
    <>
      <PageHeader
        title={`Import into ${run.hostName}`}
        subtitle={`Started by ${run.user.email} on ${run.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`}
      />
      {/* Keyed by the status: after Apply the page's new state starts the bar polling. */}
      <ImportProgress
        key={run.status}
        statusUrl={`${base}/status`}
        initial={{ status: run.status, done: run.done, total: run.total, error: run.error }}
      />
      <section aria-label="Summary" className="mb-6 flex max-w-3xl flex-col gap-2 text-sm">
        <p data-testid="import-summary">
          {run.status === 'DONE' ? `Imported ${counts}.` : `The dry run would create ${counts}.`}
          {c.customers.length > 0 ? ` New customer: ${c.customers.join(', ')}.` : ''}
          {` ${r.keptOut.length} lines are kept out (listed below, with why).`}
        </p>
        {r.awaitingProof > 0 ? (
          <p>{r.awaitingProof} domains take mail once their ownership is proven (a DNS record, or an operator’s approval).</p>
        ) : null}
        {blocked ? (
          <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-red-800">
            This import cannot be applied: fix what is listed under “Conflicts” and “Broken rules”, then upload the files again.
          </p>
        ) : null}
        <p>
          <a className="text-sky-700 underline" href={`${base}/report`} download>
            Download the report (JSON)
          </a>
          {run.status === 'DONE' ? (
            <>
              {' · '}
              <Link className="text-sky-700 underline" href="/routes">
                Trace an address
              </Link>
            </>
          ) : null}
        </p>
      </section>
      {run.status === 'PREVIEWED' && !blocked && mayChangeOn(actor, 'importRun') ? (
        <div className="mb-8">
          <ActionButton label="Apply the import" tone="primary" action={applyImportAction.bind(null, id, run.id)} />
        </div>
      ) : null}
      <ReportLists report={r} />
    </>
  );
}
