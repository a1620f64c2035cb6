import { describe, expect, it } from 'vitest';
import type { SnapshotAutoreply } from '../mail/snapshot';
import { renderAutoreplyScript, SieveRenderError, sieveString } from './sieve';

// sieveString is checked against the real compiler by tests/mta/sieve-escape.test.ts (10,000 hostile
// strings through sievec and back); these tables pin the text it writes.

describe('sieveString', () => {
  it.each([
    ['', '""'],
    ['plain', '"plain"'],
    ['a "quoted" word', '"a \\"quoted\\" word"'],
    ['back\\slash', '"back\\\\slash"'],
    ['\\"', '"\\\\\\""'],
    ['${variable} stays', '"${variable} stays"'],
    ['two\nlines', '"two\r\nlines"'],
    ['crlf\r\nkept', '"crlf\r\nkept"'],
    ['\n.\ntext:\n', '"\r\n.\r\ntext:\r\n"'],
    ['# not a comment /* nor this */', '"# not a comment /* nor this */"'],
    ['Grüße 🙂', '"Grüße 🙂"'],
  ])('%j is written %j', (text, written) => {
    expect(sieveString(text)).toBe(written);
  });

  it.each([
    ['a NUL', 'a\0b'],
    ['a lone CR', 'a\rb'],
    ['a CR at the end', 'a\r'],
    ['a lone surrogate', 'a\ud800b'],
  ])('refuses %s', (_what, text) => {
    expect(() => sieveString(text)).toThrow(SieveRenderError);
  });
});

const AWAY: SnapshotAutoreply = { subject: 'Away', text: 'I am away.\nBack on Monday.', days: 7 };

describe('renderAutoreplyScript', () => {
  it('writes the RFC 3834 guards, then vacation with the typed subject and text', () => {
    const script = renderAutoreplyScript(AWAY, { from: 'joe@sub.example', addresses: ['joe@sub.example', 'a@b.example'] });
    expect(script).toBe(
      [
        '# Autoreply written by mailpanel (docs/dovecot.md, "Sieve autoreply"): every change here is overwritten.',
        'require ["vacation", "envelope"];',
        '',
        '# RFC 3834: never answer a bounce, an automatic message or a list. Pigeonhole checks some of this',
        '# itself; written out here so the rule holds whatever the server is configured to do. (One exists test',
        '# per list header: `exists [a, b]` is true only when all of them are there, RFC 5228 5.5.)',
        'if anyof (envelope :is "from" "",',
        '          allof (exists "auto-submitted", not header :is "auto-submitted" "no"),',
        '          header :is "precedence" ["bulk", "list", "junk"],',
        '          exists "list-id", exists "list-unsubscribe", exists "list-post") {',
        '  stop;',
        '}',
        '',
        '# At most one reply per sender per :days (Pigeonhole remembers whom it answered, in the home).',
        'vacation :days 7 :subject "Away" :from "joe@sub.example" :addresses ["a@b.example", "joe@sub.example"] "I am away.\r\nBack on Monday.";',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [{ startsOn: '2026-07-01' }, ['currentdate :value "lt" "date" "2026-07-01"'], []],
    [{ endsOn: '2026-07-31' }, ['currentdate :value "gt" "date" "2026-07-31"'], []],
    [{ startsOn: '2026-07-01', endsOn: '2026-07-31' }, ['"lt" "date" "2026-07-01", currentdate :value "gt" "date" "2026-07-31"'], []],
    [{}, [], ['currentdate', '"date"']],
  ])('date bounds %j', (bounds, present, absent) => {
    const script = renderAutoreplyScript({ ...AWAY, ...bounds }, { addresses: [] });
    for (const text of present) expect(script).toContain(text);
    for (const text of absent) expect(script).not.toContain(text);
    expect(script.includes('"date", "relational"')).toBe(present.length > 0);
  });

  it('leaves :from and :addresses out when there are none, and never requires variables', () => {
    const script = renderAutoreplyScript({ ...AWAY, subject: '${x}' }, { addresses: [] });
    expect(script).not.toMatch(/:from|:addresses|variables|encoded-character/);
    expect(script).toContain(':subject "${x}"');
  });

  it('escapes the subject and text only through sieveString', () => {
    const script = renderAutoreplyScript({ ...AWAY, subject: 'say "hi" \\o/', text: '";\nkeep;\n"' }, { addresses: [] });
    expect(script).toContain(`:subject ${sieveString('say "hi" \\o/')} ${sieveString('";\nkeep;\n"')};`);
  });

  it.each([
    ['an autoreply breaking its rules', { ...AWAY, days: 0 }, { addresses: [] }],
    ['a subject with a line break', { ...AWAY, subject: 'a\nBcc: x@y.example' }, { addresses: [] }],
    ['a from that is not an address', AWAY, { from: 'joe"@x.example', addresses: [] }],
    ['an address with a quote', AWAY, { addresses: ['a"b@c.example'] }],
  ])('refuses %s', (_what, autoreply, opts) => {
    expect(() => renderAutoreplyScript(autoreply, opts)).toThrow(SieveRenderError);
  });
});
