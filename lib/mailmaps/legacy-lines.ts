import type { KeptOut } from '../mail/legacy-host';

// Lines of a hand-kept sendmail file, as its tools see them (measured on sendmail 8.17 with makemap,
// newaliases and `sendmail -bv`):
//  - a CR before the LF is read as white space: `cr@a.example<TAB>joe<CR>` delivers to joe, and an alias
//    `cr: joe<CR>` too, so CRLF files route as their author meant; the CR is dropped here;
//  - a UTF-8 byte-order mark is NOT skipped: it becomes part of the first key or name, so that entry never
//    matches anything (`first@a.example` behind a BOM answers "User unknown"; `bom.example` behind a BOM
//    is not a local domain). The reader keeps such an entry out and says why.

export const BOM = '\uFEFF';

export interface NumberedLine {
  /** 1-based. */
  line: number;
  text: string;
}

/** The file's lines, each without its line end (LF or CRLF). */
export function numberedLines(text: string): NumberedLine[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((raw, i) => ({ line: i + 1, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw }));
}

/** A kept-out line with its reason. */
export function keptOut(file: string, line: number, key: string, reason: string, lineEnd?: number): KeptOut {
  return lineEnd !== undefined && lineEnd !== line ? { file, line, lineEnd, key, reason } : { file, line, key, reason };
}

export const BOM_REASON = 'The file starts with a byte-order mark, which sendmail reads as part of this key: it never matched any address.';

/** Printable for a reason: control characters and the BOM shown as escapes, long text cut. */
export function shown(text: string): string {
  const escaped = text.replace(/[\u0000-\u001f\u007f\uFEFF]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 120 ? `${escaped.slice(0, 117)}…` : escaped;
}

// sendmail's white space is ASCII: JavaScript's trim() and \s also take a BOM (U+FEFF) and other Unicode
// spaces, which would quietly "repair" a key sendmail never matched. These take spaces and tabs only.
export const trimWs = (text: string): string => text.replace(/^[ \t\f\v]+|[ \t\f\v]+$/g, '');
export const splitWs = (text: string): string[] => text.split(/[ \t\f\v]+/).filter(Boolean);
