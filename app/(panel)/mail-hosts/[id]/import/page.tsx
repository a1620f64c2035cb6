import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { importTarget } from '@/lib/data/import-runs';
import { openScreen } from '@/lib/web/open-screen';
import { orNotFound } from '@/lib/web/or-not-found';
import { previewHostFilesAction, previewImportAction } from './actions';
import { HostFilesForm } from './host-files-form';
import { ImportForm } from './import-form';

export const metadata: Metadata = { title: 'Import a sendmail host' };

// Bringing an existing sendmail host in (docs/import.md): its files are uploaded, read as sendmail reads
// them, and dry-run; the run's page shows what would be created and kept out, and applies it.
export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await openScreen('mailHostImport');
  const { id } = await params;
  const host = await orNotFound(importTarget(actor, id));
  return (
    <>
      <PageHeader
        title={`Import a sendmail host into ${host.name}`}
        subtitle="Upload the old host's files. Nothing changes until you have read the dry run and applied it."
      />
      <ImportForm action={previewImportAction.bind(null, host.id)} customers={host.customers} />
      {actor.kind === 'admin' ? (
        <div className="mt-8">
          <HostFilesForm action={previewHostFilesAction.bind(null, host.id)} hostName={host.name} />
        </div>
      ) : null}
    </>
  );
}
