import Link from 'next/link';
import { DataTable, Cell } from '@/components/ui/data-table';
import { DomainText } from '@/components/ui/domain-text';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import type { FormState } from '@/lib/web/form-state';
import type { BulkReviewRow } from '@/lib/web/bulk-review';
import { BulkReviewForm } from './bulk-review-form';

/**
 * The review page of a bulk action: the selected rows, then one form whose first submit shows what the
 * whole batch changes and whose second applies it. `problem`: the selection could not be read (shown
 * instead, with the way back).
 */
export function BulkReviewPage({
  title,
  back,
  rows,
  problem,
  action,
  label,
  confirmLabel,
  danger,
}: {
  title: string;
  back: string;
  rows: BulkReviewRow[];
  problem: string | null;
  action: ((prev: FormState, formData: FormData) => Promise<FormState>) | null;
  label: string;
  confirmLabel: string;
  danger: boolean;
}) {
  return (
    <>
      <PageHeader title={title} subtitle="Nothing changes until you confirm the review below." />
      <p className="mb-4 text-sm">
        <Link href={back} className="text-sky-700 underline">
          ← Back to the list
        </Link>
      </p>
      {problem ? (
        <p role="alert" className="mb-4 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      ) : (
        <>
          <DataTable caption="Selected" headers={['Selected', 'Customer', 'Mail host', 'Now']}>
            {rows.map((r) => (
              <tr key={r.id}>
                <Cell>
                  <DomainText value={r.name} ascii="title" />
                </Cell>
                <Cell>{r.customer}</Cell>
                <Cell>{r.host}</Cell>
                <Cell>{r.enabled === null ? '—' : <StatusBadge active={r.enabled} on="Enabled" off="Disabled" />}</Cell>
              </tr>
            ))}
          </DataTable>
          <div className="mt-6">
            {action ? <BulkReviewForm action={action} label={label} confirmLabel={confirmLabel} danger={danger} /> : null}
          </div>
        </>
      )}
    </>
  );
}
