'use server';

import { previewUploadedImport } from '@/lib/data/import-runs';
import { ImportUploadInput } from '@/lib/validation/import';
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
