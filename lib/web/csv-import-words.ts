import type { CsvImportReport } from '../data/mail-csv-import';

/** What a CSV import (or its check) did, in one sentence. */
export function csvImportMessage(r: CsvImportReport): string {
  const c = r.created;
  const made = `${c.accounts} accounts, ${c.aliases} aliases and ${c.virtmaps} virtmaps`;
  const same = `${r.unchanged} rows are already in the panel as they are`;
  if (r.dryRun) return `The file is fine: importing it would create ${made}; ${same}.`;
  return `Imported: created ${made}; ${same}. New accounts receive mail and can log in once a password is set on their page.`;
}
