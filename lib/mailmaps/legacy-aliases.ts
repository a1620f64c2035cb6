import type { KeptOut, LegacyAlias, LegacyTarget, ReadInclude } from '../mail/legacy-host';
import { BOM, BOM_REASON, keptOut, numberedLines, shown, trimWs, type NumberedLine } from './legacy-lines';
import { classifyAliasMember } from './legacy-targets';

// /etc/aliases as newaliases reads it (measured on sendmail 8.17): `#` lines and blank lines are skipped; a
// line that starts with a space or tab continues the entry above (`cont: joe,` + `  ann` is joe and ann), as
// does a line ending in "\"; the name before ":" is folded to lower case, and `user@dom:` is stored as
// `user`; a duplicate name keeps the LAST entry (newaliases warns "duplicate alias name"). Members are split
// at commas; `\joe` is the account itself; `/dev/null` discards; `:include:/path` reads the members of that
// file (one or more per line, `#` lines skipped) as if written here.
// An entry the panel cannot hold whole — a program or file target, a missing include — is kept out whole,
// with its line range: importing the rest would quietly change where its mail goes.

const MAX_INCLUDE_DEPTH = 10;

interface Entry {
  line: number;
  lineEnd: number;
  text: string;
}

export function readAliases(text: string, readInclude: ReadInclude): { aliases: LegacyAlias[]; keptOut: KeptOut[] } {
  const file = 'aliases';
  const out: KeptOut[] = [];
  const byName = new Map<string, LegacyAlias>();
  for (const entry of entries(numberedLines(text))) {
    const colon = entry.text.indexOf(':');
    const rawName = colon === -1 ? trimWs(entry.text) : trimWs(entry.text.slice(0, colon));
    if (colon === -1 || rawName === '') {
      out.push(keptOut(file, entry.line, shown(rawName), 'No "name:" here: newaliases refuses the line.', entry.lineEnd));
      continue;
    }
    if (rawName.startsWith(BOM)) {
      out.push(keptOut(file, entry.line, shown(rawName), BOM_REASON, entry.lineEnd));
      continue;
    }
    // `user@dom:` is stored as `user` (DOMAIN.md, how the map tools read files).
    const name = rawName.toLowerCase().replace(/@.*$/, '');
    if (!/^[a-z0-9_][a-z0-9._+=-]*$/.test(name)) {
      out.push(
        keptOut(
          file,
          entry.line,
          shown(rawName),
          'Not an alias name the panel can read (quotes, spaces or other characters).',
          entry.lineEnd,
        ),
      );
      continue;
    }
    const members = expand(entry.text.slice(colon + 1), readInclude, 0);
    const previous = byName.get(name);
    if (previous) {
      out.push(
        keptOut(file, previous.line, name, `A duplicate alias name: newaliases keeps the last, on line ${entry.line}.`, previous.lineEnd),
      );
      byName.delete(name);
    }
    if ('reason' in members) {
      out.push(keptOut(file, entry.line, name, members.reason, entry.lineEnd));
      continue;
    }
    if (members.targets.length === 0) {
      out.push(keptOut(file, entry.line, name, 'The alias has no targets.', entry.lineEnd));
      continue;
    }
    byName.set(name, {
      file,
      line: entry.line,
      ...(entry.lineEnd !== entry.line ? { lineEnd: entry.lineEnd } : {}),
      name,
      targets: members.targets,
    });
  }
  const aliases = [...byName.values()].sort((a, b) => a.line - b.line);
  return { aliases, keptOut: out };
}

/** Entries with their continuation lines joined, each with its first and last line. */
function entries(lines: NumberedLine[]): Entry[] {
  const out: Entry[] = [];
  let current: Entry | null = null;
  let joinNext = false;
  for (const { line, text } of lines) {
    if (current && (joinNext || /^[ \t]/.test(text)) && trimWs(text) !== '') {
      current.text += ` ${trimWs(text).replace(/\\$/, '')}`;
      current.lineEnd = line;
      joinNext = /\\$/.test(text);
      continue;
    }
    joinNext = false;
    if (trimWs(text) === '' || text.startsWith('#') || /^[ \t]/.test(text)) {
      current = null;
      continue;
    }
    current = { line, lineEnd: line, text: text.replace(/\\$/, '') };
    joinNext = /\\$/.test(text);
    out.push(current);
  }
  return out;
}

/** The members of a list, includes inlined; or why the entry cannot be taken. */
function expand(list: string, readInclude: ReadInclude, depth: number): { targets: LegacyTarget[] } | { reason: string } {
  const targets: LegacyTarget[] = [];
  for (const raw of splitMembers(list)) {
    const member = trimWs(raw);
    if (member === '') continue;
    if (/^:include:/i.test(member)) {
      const path = trimWs(member.slice(':include:'.length));
      if (depth >= MAX_INCLUDE_DEPTH) return { reason: `Includes nested more than ${MAX_INCLUDE_DEPTH} deep at "${shown(path)}".` };
      const text = path.startsWith('/') ? readInclude(path) : undefined;
      if (text === undefined)
        return { reason: `The include file ${shown(path)} does not exist: sendmail could not deliver to this alias.` };
      const lines = numberedLines(text).filter((l) => trimWs(l.text) !== '' && !trimWs(l.text).startsWith('#'));
      const inner = expand(lines.map((l) => l.text).join(','), readInclude, depth + 1);
      if ('reason' in inner) return { reason: `In ${shown(path)}: ${inner.reason}` };
      targets.push(...inner.targets);
      continue;
    }
    const classified = classifyAliasMember(member);
    if (!classified.ok) return { reason: classified.reason };
    targets.push(classified.target);
  }
  return { targets };
}

/** Splits at commas outside double quotes. */
function splitMembers(list: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of list) {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}
