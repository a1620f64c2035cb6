import { differingMiddle } from './line-diff';
import { parseEntries } from './publish-layout';

// A changed map as a patch of the live one (issue 15; docs/decisions/0011-incremental-save-and-publish.md,
// step 4): the entries to add or replace and the keys to remove, so that the publisher updates a copy of
// the live revision's .db (`postmap -i -r`, `postmap -d -`, `makemap -o -r`, `editmap -x`) instead of
// building the whole map again (5.6-12.6 s at a million lines: docs/publishing.md, "Scale").
//
// The patched .db must hold exactly what a build of the new text holds. A patch is only offered where
// that follows from the texts alone; otherwise (null) the map is built whole, as before:
//   - no line of either text continues an entry (a wrapped entry's key sits on another line than its change);
//   - every changed key is written in lower case (the tools fold keys; the search below compares as written);
//   - no key is added twice, and no added key is already in the part of the text that did not change (a
//     build would refuse the duplicate; a patch would quietly replace it).
// Pure: no I/O.

/** An entry to add or replace: its key and value as the tools read them, and its line as the text has it. */
export interface PatchEntry {
  key: string;
  value: string;
  line: string;
}

export interface MapPatch {
  put: PatchEntry[];
  /** Keys no longer in the text (and not put again). */
  remove: string[];
}

/** Up to this many fresh keys are looked for one by one in the old text; more and its keys are indexed once. */
const SEARCHED_ONE_BY_ONE = 16;

export function mapPatch(before: string, after: string, role: 'map' | 'aliases'): MapPatch | null {
  if (hasContinuation(before) || hasContinuation(after)) return null;
  const middle = differingMiddle(before, after, 0);
  const removed = changedLines(middle.before, middle.after);
  const added = changedLines(middle.after, middle.before);
  const put: PatchEntry[] = [];
  const putKeys = new Set<string>();
  for (const line of added) {
    const entry = entryOf(line, role);
    if (!entry || putKeys.has(entry.key)) return null;
    putKeys.add(entry.key);
    put.push({ ...entry, line });
  }
  const removedKeys = new Set<string>();
  for (const line of removed) {
    const entry = entryOf(line, role);
    if (!entry || removedKeys.has(entry.key)) return null;
    removedKeys.add(entry.key);
  }
  const fresh = put.filter((e) => !removedKeys.has(e.key)).map((e) => e.key);
  if (fresh.length > 0 && anyKeyIn(before, fresh, role)) return null;
  return { put, remove: [...removedKeys].filter((key) => !putKeys.has(key)) };
}

/** A line that starts with a blank continues the entry before it (makemap, postmap, postalias alike). */
function hasContinuation(text: string): boolean {
  return text.startsWith(' ') || text.startsWith('\t') || text.includes('\n ') || text.includes('\n\t');
}

/** The lines of `text` not in `other`, counted (a line twice in one and once in the other is once changed). */
function changedLines(text: string, other: string): string[] {
  const counts = new Map<string, number>();
  for (const line of linesOf(other)) counts.set(line, (counts.get(line) ?? 0) + 1);
  const changed: string[] = [];
  for (const line of linesOf(text)) {
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else changed.push(line);
  }
  return changed;
}

/** The entry lines of a stretch of whole lines: comments and empty lines hold no entry. */
function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

/** The line's entry, or null when the patch cannot take it as the tools would (no value, a key not in lower case). */
function entryOf(line: string, role: 'map' | 'aliases'): { key: string; value: string } | null {
  const [entry] = parseEntries(line, role);
  if (!entry) return null;
  const written = role === 'aliases' ? /^([^:\s]+)\s*:/.exec(line)?.[1] : /^(\S+)\s/.exec(line)?.[1];
  return written === entry.key ? { key: entry.key, value: entry.value } : null;
}

/**
 * Whether any of `keys` (lower case) starts a line of `text` as a key, followed by a blank (or ":" in an
 * aliases file), in any case: the tools fold the keys, so `K@x` already there is `k@x` added twice.
 */
function anyKeyIn(text: string, keys: readonly string[], role: 'map' | 'aliases'): boolean {
  if (keys.length > SEARCHED_ONE_BY_ONE) {
    const present = new Set(parseEntries(text, role).map((e) => e.key));
    return keys.some((key) => present.has(key));
  }
  const folded = text.toLowerCase();
  return keys.some((key) => startsALine(folded, key, role));
}

function startsALine(text: string, key: string, role: 'map' | 'aliases'): boolean {
  const endsKey = (at: number) => {
    const c = text.charAt(at);
    return c === ' ' || c === '\t' || (role === 'aliases' && c === ':');
  };
  if (text.startsWith(key) && endsKey(key.length)) return true;
  for (let at = text.indexOf(`\n${key}`); at >= 0; at = text.indexOf(`\n${key}`, at + 1)) if (endsKey(at + 1 + key.length)) return true;
  return false;
}
