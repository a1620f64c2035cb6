// CSV as spreadsheets read it (RFC 4180): fields with a comma, quote or line break are quoted, quotes
// doubled, lines end in CRLF. A cell that starts with = + - @ (or a tab or CR) would be run as a formula by
// a spreadsheet, so it gets a leading apostrophe: a name a customer typed must never become a formula on
// the reseller's machine (OWASP, "CSV injection").

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
