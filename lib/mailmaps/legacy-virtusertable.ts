import type { KeptOut, LegacyVirtmap } from '../mail/legacy-host';
import { BOM, BOM_REASON, keptOut, numberedLines, shown, splitWs, trimWs } from './legacy-lines';
import { classifyVirtmapValue } from './legacy-targets';

// virtusertable as `makemap hash virtusertable < virtusertable` reads it (measured on sendmail 8.17):
// `#` lines and blank lines are skipped; the key runs to the first white space (tabs or runs of spaces),
// the value is the rest; keys are folded to lower case (`UPPER@A.example` answers for upper@a.example);
// a duplicate key keeps the FIRST value (makemap says "duplicate key" and exits 65, but the map it writes
// holds the first). A line that starts with white space is a syntax error that makemap skips. Keys for a
// domain that is not in class w are never consulted: sendmail relays those addresses instead.

const KEY = /^(?:([^@ \t]*)@)?([^@ \t]+)$/;

export function readVirtusertable(text: string, local: ReadonlySet<string>): { virtmaps: LegacyVirtmap[]; keptOut: KeptOut[] } {
  const file = 'virtusertable';
  const virtmaps: LegacyVirtmap[] = [];
  const out: KeptOut[] = [];
  const first = new Map<string, number>();
  for (const { line, text: raw } of numberedLines(text)) {
    if (trimWs(raw) === '' || raw.startsWith('#')) continue;
    if (/^[ \t]/.test(raw)) {
      out.push(
        keptOut(file, line, shown(splitWs(raw)[0] ?? ''), 'The line starts with white space: makemap refuses it as a syntax error.'),
      );
      continue;
    }
    const [, rawKey = '', rest = ''] = /^([^ \t]+)[ \t]*(.*)$/.exec(raw) ?? [];
    if (rawKey.startsWith(BOM)) {
      out.push(keptOut(file, line, shown(rawKey), BOM_REASON));
      continue;
    }
    const key = rawKey.toLowerCase();
    const parts = KEY.exec(key);
    const domain = parts?.[2]?.replace(/\.$/, '') ?? '';
    if (!parts || !key.includes('@')) {
      out.push(keptOut(file, line, shown(rawKey), 'Not a key of the form local@domain or @domain: sendmail never looks it up.'));
      continue;
    }
    const seen = first.get(`${parts[1] ?? ''}@${domain}`);
    if (seen !== undefined) {
      out.push(keptOut(file, line, key, `A duplicate key: makemap keeps the first, on line ${seen}.`));
      continue;
    }
    first.set(`${parts[1] ?? ''}@${domain}`, line);
    if (!local.has(domain)) {
      out.push(keptOut(file, line, key, `${domain} is not a local domain of this host (class w): sendmail never consults this key.`));
      continue;
    }
    const classified = classifyVirtmapValue(trimWs(rest));
    if (!classified.ok) {
      out.push(keptOut(file, line, key, classified.reason));
      continue;
    }
    virtmaps.push({ file, line, domain, localPart: parts[1] ?? '', target: classified.target });
  }
  return { virtmaps, keptOut: out };
}
