// The one CSV layout for a tenant's mail objects (docs/import.md, "CSV"): what "Export CSV" writes and
// "Import CSV" reads, so an export imported again changes nothing. One row per object:
//
//   kind,host,customer,name,domain,target,quota_mb,enabled
//   account,mx1,Acme,joe,,joe@acme.example,1024,yes      target: its login address (may be empty)
//   alias,mx1,Acme,sales,,"joe, ann, boss@partner.example",,    target: its targets, comma-separated
//   virtmap,mx1,Acme,info,acme.example,sales,,          name: the local part ("" for the catch-all @domain)
//
// The target of a virtmap is written in virtusertable's words (a name, an address, %1@domain, %1,
// error:nouser TEXT …). Reading is RFC 4180 (quotes, doubled quotes, CRLF or LF); a cell the export guarded
// against spreadsheet formulas ('=…) is read without its apostrophe.

export const MAIL_CSV_COLUMNS = ['kind', 'host', 'customer', 'name', 'domain', 'target', 'quota_mb', 'enabled'] as const;

export type MailCsvKind = 'account' | 'alias' | 'virtmap';

export interface MailCsvRow {
  /** 2 for the first row under the header: what a spreadsheet shows as its row number. */
  row: number;
  kind: MailCsvKind;
  host: string;
  customer: string;
  name: string;
  domain: string;
  target: string;
  quotaMb: string;
  enabled: string;
}

export interface MailCsvProblem {
  row: number;
  message: string;
}

/** Splits RFC 4180 text into records of cells. */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  return records.filter((r) => r.some((c) => c.trim() !== ''));
}

/** A cell as the exporter meant it: a formula guard ("'=…") taken off. */
const unguard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** The rows of a mail CSV, or what is wrong with each that cannot be read. */
export function parseMailCsv(text: string): { rows: MailCsvRow[]; problems: MailCsvProblem[] } {
  const records = parseCsvRecords(text.replace(/^\uFEFF/, ''));
  const [header, ...body] = records;
  const problems: MailCsvProblem[] = [];
  if (!header || header.map((h) => h.trim().toLowerCase()).join(',') !== MAIL_CSV_COLUMNS.join(',')) {
    return { rows: [], problems: [{ row: 1, message: `The first line must be the header ${MAIL_CSV_COLUMNS.join(',')}.` }] };
  }
  const rows: MailCsvRow[] = [];
  body.forEach((cells, i) => {
    const row = i + 2;
    if (cells.length !== MAIL_CSV_COLUMNS.length) {
      problems.push({ row, message: `Expected ${MAIL_CSV_COLUMNS.length} cells, found ${cells.length}.` });
      return;
    }
    const [kind = '', host = '', customer = '', name = '', domain = '', target = '', quotaMb = '', enabled = ''] = cells.map(unguard);
    const k = kind.trim().toLowerCase();
    if (k !== 'account' && k !== 'alias' && k !== 'virtmap') {
      problems.push({ row, message: `"${kind}" is not a kind: use account, alias or virtmap.` });
      return;
    }
    rows.push({
      row,
      kind: k,
      host: host.trim(),
      customer: customer.trim(),
      name: name.trim(),
      domain: domain.trim(),
      target: target.trim(),
      quotaMb: quotaMb.trim(),
      enabled: enabled.trim(),
    });
  });
  return { rows, problems };
}
