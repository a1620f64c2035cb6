import type { SnapshotAutoreply } from './snapshot';

// The rules of an autoreply (vacation), pure: what the forms, the snapshot file and the Sieve renderer
// (lib/mailmaps/sieve.ts) all hold it to. A subject is one header line, so no CR, LF or NUL (header
// injection); the text may have lines but no NUL and no CR (lines end in LF; Sieve writes CRLF itself).

export const MAX_AUTOREPLY_SUBJECT = 200;
export const MAX_AUTOREPLY_TEXT = 4000;
export const DEFAULT_AUTOREPLY_DAYS = 7;
export const MAX_AUTOREPLY_DAYS = 365;

export type AutoreplyField = 'subject' | 'text' | 'startsOn' | 'endsOn' | 'days';

export interface AutoreplyProblem {
  field: AutoreplyField;
  message: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value && Number(m[1]) >= 2000 && Number(m[1]) <= 9999;
}

/** Every problem of an autoreply, each with the field it belongs to; [] when it can be saved and rendered. */
export function autoreplyProblems(a: SnapshotAutoreply): AutoreplyProblem[] {
  const problems: AutoreplyProblem[] = [];
  const add = (field: AutoreplyField, message: string) => problems.push({ field, message });
  if (a.subject.trim() === '') add('subject', 'Give the autoreply a subject.');
  else if ([...a.subject].length > MAX_AUTOREPLY_SUBJECT) add('subject', `Use at most ${MAX_AUTOREPLY_SUBJECT} characters.`);
  if (/[\r\n\0]/.test(a.subject)) add('subject', 'The subject is one line: no line breaks or NUL characters.');
  if (a.text.trim() === '') add('text', 'Write the text of the autoreply.');
  else if ([...a.text].length > MAX_AUTOREPLY_TEXT) add('text', `Use at most ${MAX_AUTOREPLY_TEXT} characters.`);
  if (/[\r\0]/.test(a.text)) add('text', 'The text may not hold NUL or carriage-return characters.');
  if (a.startsOn !== undefined && !isCalendarDay(a.startsOn)) add('startsOn', 'Give the first day as a date (YYYY-MM-DD).');
  if (a.endsOn !== undefined && !isCalendarDay(a.endsOn)) add('endsOn', 'Give the last day as a date (YYYY-MM-DD).');
  else if (a.startsOn !== undefined && a.endsOn !== undefined && isCalendarDay(a.startsOn) && a.endsOn < a.startsOn)
    add('endsOn', 'The last day is before the first day.');
  if (!Number.isInteger(a.days) || a.days < 1 || a.days > MAX_AUTOREPLY_DAYS)
    add('days', `Reply at most once every 1 to ${MAX_AUTOREPLY_DAYS} days.`);
  return problems;
}
