'use server';

import { importMailCsv } from '@/lib/data/mail-csv-import';
import { MailCsvInput } from '@/lib/validation/import';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';
import { csvImportMessage } from '@/lib/web/csv-import-words';

/** Checks (the dry run) or imports a mail CSV; every row's problem is shown with its row number. */
export async function importMailCsvAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    uploads: true,
    schema: MailCsvInput,
    run: (actor, input) => importMailCsv(actor, input.file_csv, input.intent === 'check'),
    done: (report) => ({ revalidate: ['/accounts', '/aliases', '/domains'], message: csvImportMessage(report) }),
  });
}
