import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { mayChangeOn } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { importMailCsvAction } from './actions';
import { CsvForm } from './csv-form';

export const metadata: Metadata = { title: 'Import and export CSV' };

// Accounts, aliases and virtmaps as one CSV (docs/import.md, "CSV"): the export, and an import that checks
// every row first and then creates what is new, all or nothing.
export default async function MailCsvPage() {
  const actor = await openScreen('mailCsv');
  return (
    <>
      <PageHeader title="Import and export CSV" subtitle="Accounts, aliases and virtmaps, one row each, in one column layout." />
      <section aria-label="Export" className="mb-8 flex max-w-2xl flex-col gap-2 text-sm">
        <p>
          The columns are <code>kind,host,customer,name,domain,target,quota_mb,enabled</code>. Importing an export again changes nothing.
        </p>
        <p>
          <a className="text-sky-700 underline" href="/import/export" download>
            Export CSV
          </a>
        </p>
      </section>
      {mayChangeOn(actor, 'mailCsv') ? <CsvForm action={importMailCsvAction} /> : null}
    </>
  );
}
