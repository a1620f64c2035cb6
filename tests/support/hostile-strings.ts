// The hostile strings every injection test types, from one place: the pure fuzz (lib/mail/hostile.test.ts,
// lib/mailmaps/hostile-input.test.ts) and the write path through forms, database and published files
// (tests/hostile-write-path.test.ts). Two generators, each seeded (seededRandom): pieces glued together
// (mostly refused), and a valid base with pieces spliced in (a fair share still accepted).

/** Pieces glued together: control and separator characters, map syntax, look-alike Unicode. */
export const GLUED_PIECES = [
  '\n',
  '\r',
  '\r\n',
  '\t',
  ' ',
  '\u0000',
  '\u000b',
  '\u0085',
  '\u2028',
  '#',
  ':',
  ',',
  ';',
  '"',
  "'",
  '`',
  '\\',
  '|',
  '/',
  '@',
  '%',
  '!',
  '+',
  '*',
  '$',
  '(',
  ')',
  '<',
  '>',
  '[',
  ']',
  '{',
  '}',
  '=',
  '?',
  '^',
  '&',
  '~',
  '.',
  '..',
  '-',
  '_',
  ':include:',
  '|/bin/sh',
  '/etc/passwd',
  'error:nouser',
  '%1',
  '%3',
  '$1',
  '${1}',
  'root',
  'postmaster',
  'owner-',
  'joe',
  'Joe',
  'JOE',
  'example.com',
  'bücher.de',
  'xn--',
  'é',
  'ß',
  '😀',
  '\u202e',
  'a'.repeat(70),
  '1',
  '550 ',
  '5.1.1',
];

/** Pieces spliced into a valid base: what turns a good value into an attack. */
export const SPLICED_PIECES = [
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\0',
  ' ',
  '  ',
  '#',
  ' # x',
  ':',
  ',',
  ';',
  '"',
  "'",
  '`',
  '|',
  '|/bin/sh',
  '/',
  '/etc/passwd',
  '\\',
  '%1',
  '%',
  '$',
  '${1}',
  '(',
  ')',
  '<',
  '>',
  '@',
  '!',
  '+',
  '*',
  '=',
  '[',
  ']',
  '{',
  '}',
  ':include:',
  ':include:/etc/x',
  'error:',
  'error:nouser',
  '.',
  '..',
  '-',
  'é',
  'ß',
  '例え',
  '😀',
  '\u2028',
  '\u00a0',
  '\ufeff',
  '\u202e',
  'A',
  'Z',
  'x'.repeat(300),
  'y'.repeat(70),
  'root',
  'postmaster',
];

/** Valid values of every field: names, domains, an address, a rejection's text. */
export const SPLICE_BASES = [
  'joe',
  'jane.doe',
  'info',
  'web-master',
  'sales_2',
  'example.com',
  'sub.example.org',
  'bücher.example',
  'joe@example.net',
  'No such user here',
];

/** 1 to 6 pieces glued together. */
export function gluedHostile(next: () => number): string {
  const n = 1 + Math.floor(next() * 6);
  let s = '';
  for (let i = 0; i < n; i += 1) s += GLUED_PIECES[Math.floor(next() * GLUED_PIECES.length)] ?? '';
  return s;
}

/** A base with 0 to 3 pieces spliced in (0 keeps some inputs valid); `bases` to start from other values. */
export function splicedHostile(next: () => number, bases: readonly string[] = SPLICE_BASES): string {
  let text = bases[Math.floor(next() * bases.length)] ?? '';
  const splices = Math.floor(next() * 4);
  for (let i = 0; i < splices; i++) {
    const piece = SPLICED_PIECES[Math.floor(next() * SPLICED_PIECES.length)] ?? '';
    const at = Math.floor(next() * (text.length + 1));
    text = text.slice(0, at) + piece + text.slice(at);
  }
  return text;
}

/** What is typed to make a page run script: spliced into names, targets and texts the pages show. */
export const MARKUP_PIECES = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  '</textarea><script>x</script>',
  '<a href="javascript:alert(1)">x</a>',
  '&lt;script&gt;',
  '&amp;',
  '<!--',
  '-->',
  '{{7*7}}',
  '${7*7}',
  '<',
  '>',
  '"',
  "'",
  '\u2028',
];

/** A base with 1 to 3 markup pieces spliced in. */
export function markupHostile(next: () => number, bases: readonly string[]): string {
  let text = bases[Math.floor(next() * bases.length)] ?? '';
  const splices = 1 + Math.floor(next() * 3);
  for (let i = 0; i < splices; i++) {
    const piece = MARKUP_PIECES[Math.floor(next() * MARKUP_PIECES.length)] ?? '';
    const at = Math.floor(next() * (text.length + 1));
    text = text.slice(0, at) + piece + text.slice(at);
  }
  return text;
}
