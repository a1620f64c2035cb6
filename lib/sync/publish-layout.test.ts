import { describe, expect, it } from 'vitest';
import {
  aliasPairs,
  badFileName,
  countEntries,
  fileRole,
  parseDump,
  parseEntries,
  parseRevisionDir,
  revisionDirName,
  sampleEntries,
  sampleText,
} from './publish-layout';

describe('entries as the map tools read them', () => {
  it.each([
    [
      'map',
      '# header\nA@X.com\tjoe\n@y.com\tbob  \n\n',
      [
        ['a@x.com', 'joe', false],
        ['@y.com', 'bob', false],
      ],
    ],
    [
      'aliases',
      '# h\nsales: joe, \\sales\nteam: joe,\n  mary\nx:y\n',
      [
        ['sales', 'joe, \\sales', false],
        ['team', 'joe,', true],
        ['x', 'y', false],
      ],
    ],
  ] as const)('%s: %j', (role, text, want) => {
    expect(parseEntries(text, role).map((e) => [e.key, e.value, e.continued])).toEqual(want);
    expect(countEntries(text)).toBe(want.length);
  });

  it('samples spread over the file, first and last included, skipping wrapped entries', () => {
    for (const n of [0, 1, 2, 3, 7, 100, 1001]) {
      const lines = Array.from({ length: n }, (_, i) => (i % 17 === 5 ? `k${i}: a,\n  b` : `k${i}: v${i}`));
      const text = `# header\n${lines.join('\n')}${n ? '\n' : ''}`;
      const all = parseEntries(text, 'aliases').filter((e) => !e.continued);
      const fast = sampleText(text, 'aliases', 5);
      expect(
        fast.every((e) => all.some((a) => a.key === e.key && a.value === e.value)),
        `n=${n}`,
      ).toBe(true);
      if (all.length > 0) {
        expect(fast[0]?.key).toBe(all[0]?.key);
        expect(fast.at(-1)?.key).toBe(all.at(-1)?.key);
      }
      expect(fast.length).toBeGreaterThanOrEqual(Math.min(all.length, 3));
      expect(fast.length).toBeLessThanOrEqual(5);
      expect(sampleEntries(all, 5).length).toBe(Math.min(5, all.length));
    }
  });

  it('reads dumps of makemap -u (TAB) and praliases (:)', () => {
    expect([...parseDump('a@x.com\terror:nouser Gone away\n@:@\njoe:jane, bob\n')]).toEqual([
      ['a@x.com', 'error:nouser Gone away'],
      ['@', '@'],
      ['joe', 'jane, bob'],
    ]);
  });
});

describe('aliasPairs: the aliases as makemap input', () => {
  it('is what `sendmail -bi` stores, read back with `makemap -u hash` (measured, sendmail 8.17)', () => {
    const text = '# header\ninfo: joe, jane\nSales: \\joe, a@b.example\nlong: a,\n  b, c\n';
    // makemap -u of sendmail -bi's aliases.db for this text: `@ @`, info, long, sales (in hash order).
    expect(aliasPairs(text)).toBe('info\tjoe, jane\nsales\t\\joe, a@b.example\nlong\ta,  b, c\n@\t@\n');
  });

  it('always says the database is complete, even with no alias', () => {
    expect(aliasPairs('# written by mailpanel\n')).toBe('@\t@\n');
  });
});

describe('the layout', () => {
  it('names revision directories, and builds beside a live one of the same number', () => {
    expect(parseRevisionDir('rev-12')).toEqual({ name: 'rev-12', revision: 12, again: 0 });
    expect(parseRevisionDir('rev-12.3')).toEqual({ name: 'rev-12.3', revision: 12, again: 3 });
    expect(parseRevisionDir('.rev-12.tmp')).toBeNull();
    expect(revisionDirName(5, 'rev-4', ['rev-4'])).toBe('rev-5');
    expect(revisionDirName(5, 'rev-5', ['rev-5', 'rev-5.1'])).toBe('rev-5.2');
    expect(revisionDirName(5, null, [])).toBe('rev-5');
  });

  it("refuses file names that are paths, hidden, built maps or the layout's own", () => {
    for (const bad of ['../x', 'a/b', '.hidden', 'current', 'rev-3', 'x.db', 'Upper', '', 'a b', 'a'.repeat(97)])
      expect(badFileName(bad), bad).not.toBeNull();
    // the longest autoreply script: a 77-character name on the host + ".sieve"
    const longestScript = `${'t'.repeat(40)}-${'j'.repeat(36)}.sieve`;
    for (const good of ['virtusertable', 'virtual.regexp', 'dovecot-passwd', 'local-host-names', 'ta-joe.sieve', longestScript])
      expect(badFileName(good)).toBeNull();
  });

  it('knows which files are built', () => {
    expect(['virtusertable', 'accounts', 'aliases', 'local-host-names', 'dovecot-passwd'].map((n) => fileRole('sendmail', n))).toEqual([
      'map',
      'map',
      'aliases',
      'text',
      'secret',
    ]);
    expect(
      ['domains', 'virtual', 'virtual.regexp', 'aliases', 'recipients', 'access', 'transport'].map((n) => fileRole('postfix', n)),
    ).toEqual(['map', 'map', 'regexp', 'aliases', 'map', 'map', 'map']);
  });
});
