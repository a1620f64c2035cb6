'use server';

import { previewHostFilesImport } from '@/lib/data/host-legacy-files';
import { previewUploadedImport } from '@/lib/data/import-runs';
import { HostFilesInput, ImportUploadInput } from '@/lib/validation/import';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/** The dry run of a host's uploaded files: kept as an import run, whose page shows the report. */
export async function previewImportAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    uploads: true,
    bound: [id],
    schema: ImportUploadInput,
    run: (actor, input) => previewUploadedImport(actor, id, input),
    done: (run) => ({ redirect: `/mail-hosts/${id}/import/${run.id}` }),
  });
}

/** The dry run of what the host has now, read over its own transport (operators). */
export async function previewHostFilesAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    schema: HostFilesInput,
    run: (actor, v) => previewHostFilesImport(actor, id, { root: v.root, customer: { name: v.customer, create: v.newCustomer } }),
    done: (run) => ({ redirect: `/mail-hosts/${id}/import/${run.id}` }),
  });
}
