import { describe, expect, it } from 'vitest';
import { readLegacySendmail } from './legacy-read';

// A host edited by many hands over fifteen years: every rule of the readers, and every line that does not
// become an entry listed with its line and why (the facts behind each rule are in the readers' comments).
const BOM = '\uFEFF';
const files = {
  'local-host-names': `${BOM}old.example\r\n# our domains\r\na.example   b.example. # two on a line\r\nB.EXAMPLE gone.example.\r\n10.0.0.1\r\n`,
  virtusertable: [
    `${BOM}first@a.example\tjoe`,
    '# comment',
    '',
    'info@a.example\t\tsales\r',
    'Sales@A.example   joe   ',
    'info@a.example\tann',
    '  indented@a.example joe',
    '@b.example\t%1@a.example',
    'old@a.example\terror:nouser This address is gone',
    'policy@a.example\terror:5.7.1:550 Not for you',
    'weird@a.example\terror:bogus text',
    'bad@a.example\tjoe # left over',
    'list@a.example\tjoe, ann',
    'dn@a.example\t/dev/null',
    'x@elsewhere.example\tjoe',
    'tag+*@a.example\tjoe+%2',
    'ext@a.example\tSomeone+news@Remote.Example.',
  ].join('\n'),
  aliases: [
    'sales: joe,',
    '\tann, boss@elsewhere.example',
    'copy: \\joe, joe',
    'Dup: joe',
    'dup: ann',
    'proc: joe, "|/usr/bin/procmail -t"',
    'log: /var/log/mail.txt',
    'junk: /dev/null',
    'staff: :include:/etc/mail/lists/staff',
    'gone: :include:/etc/mail/lists/missing',
    'user@a.example: joe',
  ].join('\n'),
  passwd:
    'root:x:0:0:root:/root:/bin/bash\njoe:x:1000:100:Joe:/home/joe:/bin/false\nann:$1$salt$oldhash:1001:100::/home/ann:/bin/false\nbroken line\n',
  shadow: 'root:!:19000::::::\njoe:$6$s$h:19000:0:99999:7:::\n',
};
const includes: Record<string, string> = { '/etc/mail/lists/staff': '# the staff\njoe\nann, boss@elsewhere.example\n' };
const host = readLegacySendmail(files, (path) => includes[path]);

describe('readLegacySendmail on a hand-edited host', () => {
  it('reads class w from local-host-names: several per line, case folded, a trailing dot not local', () => {
    expect(host.domains).toEqual(['a.example', 'b.example']);
  });

  it('reads virtusertable as makemap does: CR dropped, keys folded, the first duplicate kept', () => {
    expect(host.virtmaps.map((v) => [v.line, `${v.localPart}@${v.domain}`, v.target])).toEqual([
      [4, 'info@a.example', { kind: 'name', name: 'sales' }],
      [5, 'sales@a.example', { kind: 'name', name: 'joe' }],
      [8, '@b.example', { kind: 'template', value: '%1@a.example' }],
      [9, 'old@a.example', { kind: 'reject', code: 'nouser', text: 'This address is gone' }],
      [10, 'policy@a.example', { kind: 'reject', code: '5.7.1:550', text: 'Not for you' }],
      [16, 'tag+*@a.example', { kind: 'template', value: 'joe+%2' }],
      [17, 'ext@a.example', { kind: 'address', address: 'Someone+news@remote.example' }],
    ]);
  });

  it('reads aliases as newaliases does: continuations, the last duplicate, includes inlined', () => {
    expect(host.aliases.map((a) => [a.name, a.line, a.lineEnd, a.targets])).toEqual([
      [
        'sales',
        1,
        2,
        [
          { kind: 'name', name: 'joe' },
          { kind: 'name', name: 'ann' },
          { kind: 'address', address: 'boss@elsewhere.example' },
        ],
      ],
      [
        'copy',
        3,
        undefined,
        [
          { kind: 'account', name: 'joe' },
          { kind: 'name', name: 'joe' },
        ],
      ],
      ['dup', 5, undefined, [{ kind: 'name', name: 'ann' }]],
      ['junk', 8, undefined, [{ kind: 'discard' }]],
      [
        'staff',
        9,
        undefined,
        [
          { kind: 'name', name: 'joe' },
          { kind: 'name', name: 'ann' },
          { kind: 'address', address: 'boss@elsewhere.example' },
        ],
      ],
      ['user', 11, undefined, [{ kind: 'name', name: 'joe' }]],
    ]);
  });

  it('reads users with their hashes from shadow, or from passwd on a pre-shadow entry', () => {
    expect(host.users.map((u) => [u.name, u.uid, u.passwordField, u.passwordFrom])).toEqual([
      ['root', 0, '!', 'shadow'],
      ['joe', 1000, '$6$s$h', 'shadow'],
      ['ann', 1001, '$1$salt$oldhash', 'passwd'],
    ]);
  });

  it('keeps out every other line, with its file, line and reason', () => {
    const out = host.keptOut.map((k) => `${k.file}:${k.line}${k.lineEnd ? `-${k.lineEnd}` : ''} ${k.key}`);
    expect(out).toEqual([
      'local-host-names:1 \\ufeffold.example',
      'local-host-names:5 10.0.0.1',
      'local-host-names:4 gone.example.',
      'virtusertable:1 \\ufefffirst@a.example',
      'virtusertable:6 info@a.example',
      'virtusertable:7 indented@a.example',
      'virtusertable:11 weird@a.example',
      'virtusertable:12 bad@a.example',
      'virtusertable:13 list@a.example',
      'virtusertable:14 dn@a.example',
      'virtusertable:15 x@elsewhere.example',
      'aliases:4 dup',
      'aliases:6 proc',
      'aliases:7 log',
      'aliases:10 gone',
      'passwd:4 broken line',
    ]);
    const reason = (key: string) => host.keptOut.find((k) => k.key === key)?.reason;
    expect(reason('info@a.example')).toMatch(/keeps the first, on line 4/);
    expect(reason('dup')).toMatch(/keeps the last, on line 5/);
    expect(reason('proc')).toMatch(/Program target/);
    expect(reason('gone')).toMatch(/does not exist/);
    expect(reason('dn@a.example')).toMatch(/550 5\.7\.1/);
    expect(reason('x@elsewhere.example')).toMatch(/not a local domain/);
  });
});
