import { hash as digest } from 'node:crypto';
import { diffText, type FileDiff } from './line-diff';

// What the run history keeps of a published file: its text, or its changes against the previous
// revision's. Everything, except the password hashes of the Dovecot passwd-file: the history is for
// reading diffs, and a hash is a secret (offline guessing). Each hash is replaced by a short fingerprint of
// it, so a changed password still shows as a changed line.

const PASSWD_FILES = new Set(['dovecot-passwd']);

export function storedText(name: string, content: string): string {
  if (!PASSWD_FILES.has(name)) return content;
  return content
    .split('\n')
    .map((line) => storedLine(name, line))
    .join('\n');
}

/**
 * The changes from `before` to `after` as the run page shows them, each line as the history keeps it: the
 * diff of the texts themselves (a passwd-file is not rewritten whole to show two lines of it).
 */
export function storedDiff(name: string, before: string, after: string): FileDiff {
  const diff = diffText(before, after);
  if (!PASSWD_FILES.has(name)) return diff;
  return { ...diff, hunks: diff.hunks.map((h) => ({ ...h, lines: h.lines.map((l) => ({ ...l, text: storedLine(name, l.text) })) })) };
}

function storedLine(name: string, line: string): string {
  if (!PASSWD_FILES.has(name) || line === '' || line.startsWith('#')) return line;
  const [user, hash, ...rest] = line.split(':');
  if (hash === undefined || hash === '') return line;
  const scheme = /^\{[A-Z0-9-]+\}/.exec(hash)?.[0] ?? '';
  const print = digest('sha256', hash, 'hex').slice(0, 12);
  return [user, `${scheme}(hash ${print})`, ...rest].join(':');
}
