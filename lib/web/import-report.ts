import type { ImportReport } from '../data/import-sendmail';

/**
 * The report as documented (README, "Importing a sendmail host"; the command line's --report and the
 * browser's download): every kept-out line as {file, line, lineEnd, key, reason}, and the counts.
 */
export function importReportJson(report: ImportReport) {
  return {
    ...report,
    keptOut: report.keptOut.map((k) => ({ file: k.file, line: k.line, lineEnd: k.lineEnd ?? k.line, key: k.key, reason: k.reason })),
  };
}
