'use server';

import { applyImport } from '@/lib/jobs/import-requests';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/** Apply a dry run: queued as a background job; the page then shows its progress. */
export async function applyImportAction(id: string, runId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id, runId],
    run: (actor) => applyImport(actor, runId),
    done: () => ({ revalidate: [`/mail-hosts/${id}/import/${runId}`], message: 'Importing…' }),
  });
}
