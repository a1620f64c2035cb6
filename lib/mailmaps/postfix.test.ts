import { describe, expect, it } from 'vitest';
import type { MailSnapshot, SnapshotVirtmap } from '../mail/snapshot';
import { hostView } from '../mail/tenancy';
import { randomSnapshot, randomTenantSnapshot, seededRandom } from '@/tests/support/random-snapshot';
import { POSTFIX_FILES, PostfixRenderError, renderPostfix } from './postfix';
import { postfixMainCf } from './postfix-config';
import { parsePostfix, postfixRoutingView } from './postfix-parse';

const HASH = '{SHA512-CRYPT}$6$salt$hash';

function snapshot(parts: Partial<Omit<MailSnapshot, 'version' | 'host'>>): MailSnapshot {
  return {
    version: 1,
    host: { name: 'mail.example.net', flavor: 'postfix' },
    domains: parts.domains ?? ['example.com'],
    accounts: parts.accounts ?? [],
    aliases: parts.aliases ?? [],
    virtmaps: parts.virtmaps ?? [],
  };
}

const body = (text: string) => text.split('\n').slice(1).join('\n');

// One host with every kind of object (DOMAIN.md's examples): the golden files.
const GOLDEN = snapshot({
  domains: ['subhost1.com', 'example.com', 'redirect.org'],
  accounts: [
    { name: 'joe', passwordHash: HASH, quotaMb: 1 },
    { name: 'sales', passwordHash: HASH, quotaMb: 1 },
  ],
  aliases: [
    {
      name: 'sales',
      targets: [
        { kind: 'account', name: 'sales' },
        { kind: 'local', name: 'joe' },
        { kind: 'external', address: 'Boss@elsewhere.example' },
      ],
    },
    { name: 'team', targets: [{ kind: 'external', address: 'webmaster@subhost1.com' }] },
  ],
  virtmaps: [
    { domain: 'example.com', localPart: 'sales', target: { kind: 'local', name: 'sales' } },
    { domain: 'subhost1.com', localPart: '', target: { kind: 'local', name: 'joe' } },
    { domain: 'subhost1.com', localPart: 'old', target: { kind: 'reject', code: 'nouser', text: 'Gone, sorry' } },
    { domain: 'subhost1.com', localPart: 'webmaster', target: { kind: 'external', address: 'ext@elsewhere.example' } },
    { domain: 'redirect.org', localPart: '', target: { kind: 'domainRedirect', domain: 'example.com' } },
    { domain: 'redirect.org', localPart: 'joe+news', target: { kind: 'reject', code: 'tempfail', text: 'Later' } },
    { domain: 'example.com', localPart: 'info', target: { kind: 'localPart' } },
    { domain: 'not-ours.example', localPart: 'x', target: { kind: 'local', name: 'joe' } },
  ],
});

describe('renderPostfix', () => {
  const files = renderPostfix(GOLDEN);

  it.each([
    ['domains', 'example.com\tlocal\nredirect.org\tlocal\nsubhost1.com\tlocal\n'],
    // Grouped by domain (example.com, redirect.org, subhost1.com), then by line.
    [
      'virtual',
      'sales@example.com\tsales@localhost\n@subhost1.com\tjoe@localhost\nold@subhost1.com\told@subhost1.com\nwebmaster@subhost1.com\text@elsewhere.example\n',
    ],
    [
      'virtual.regexp',
      [
        '/^(.+)@(.+)\\.reinject\\.mailpanel\\.invalid$/ ${1}@${2}',
        'if /@example\\.com$/',
        '/^(info)(\\+[^@]*)?@example\\.com$/ ${1}@localhost',
        'endif',
        'if /@redirect\\.org$/',
        '/^joe\\+news@redirect\\.org$/ joe+news@redirect.org',
        '/^(.[^+@]*)(\\+[^@]*)?@redirect\\.org$/ ${1}@example.com',
        'endif',
        '',
      ].join('\n'),
    ],
    [
      'aliases',
      'sales: sales@account.mailpanel.invalid, joe, Boss@elsewhere.example\nteam: webmaster@subhost1.com.reinject.mailpanel.invalid\n',
    ],
    // The host-wide names first, then each domain's addresses.
    [
      'recipients',
      'joe\taccount\nsales\taccount alias\nteam\talias\nsales@example.com\tvirtmap\nsales@redirect.org\tvirtmap\n@subhost1.com\tcatch-all\nwebmaster@subhost1.com\tvirtmap\n',
    ],
    [
      'access',
      '.mailpanel.invalid\t550 5.1.2 Internal address\ninfo@example.com\t550 5.1.1 User unknown in local recipient table\ninfo@redirect.org\t550 5.1.1 User unknown in local recipient table\njoe+news@redirect.org\t450 4.2.1 Later\nold@subhost1.com\t553 5.3.0 Gone, sorry\n',
    ],
    [
      'transport',
      'account.mailpanel.invalid\tmailpanel-account:\njoe+news@redirect.org\tretry:4.2.1 Later\nold@subhost1.com\terror:5.3.0 Gone, sorry\n',
    ],
  ] as const)('writes %s', (name, expected) => {
    expect(body(files[name])).toBe(expected);
  });

  it('starts every file with the same comment and writes nothing host- or time-specific', () => {
    for (const name of POSTFIX_FILES) expect(files[name].startsWith('# Written by mailpanel')).toBe(true);
    const shuffled = {
      ...GOLDEN,
      domains: [...GOLDEN.domains].reverse(),
      virtmaps: [...GOLDEN.virtmaps].reverse(),
      aliases: [...GOLDEN.aliases].reverse(),
    };
    expect(renderPostfix({ ...shuffled, host: { name: 'other.example', flavor: 'postfix' } })).toEqual(files);
  });

  it('reads back what it wrote (render → parse) for 500 random snapshots', () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const s = randomSnapshot(seed, 'postfix');
      expect(parsePostfix(renderPostfix(s)), `seed ${seed}`).toEqual(postfixRoutingView(s));
    }
  });
});

describe('RCPT verdicts through chains', () => {
  const accessOf = (s: MailSnapshot) => body(renderPostfix(s).access);
  const v = (domain: string, localPart: string, target: SnapshotVirtmap['target']): SnapshotVirtmap => ({ domain, localPart, target });
  const joe = [{ name: 'joe', passwordHash: HASH, quotaMb: 1 }];

  it.each([
    [
      'a chain that ends in a rejection',
      [
        v('example.com', 'a', { kind: 'external', address: 'b@example.com' }),
        v('example.com', 'b', { kind: 'reject', code: 'unknown', text: 'No' }),
      ],
      'a@example.com\t550 5.1.1 No\nb@example.com\t550 5.1.1 No\n',
    ],
    [
      'a chain that ends in an unknown name',
      [v('example.com', 'a', { kind: 'external', address: 'nobody@example.com' })],
      'a@example.com\t550 5.1.1 User unknown in local recipient table\n',
    ],
    [
      'a loop',
      [
        v('example.com', 'a', { kind: 'external', address: 'b@example.com' }),
        v('example.com', 'b', { kind: 'external', address: 'a@example.com' }),
      ],
      'a@example.com\t554 5.0.0 Virtual alias loop\nb@example.com\t554 5.0.0 Virtual alias loop\n',
    ],
    [
      'a catch-all redirect onto a rejecting catch-all, with an exception',
      [
        v('example.com', '', { kind: 'domainRedirect', domain: 'other.org' }),
        v('other.org', '', { kind: 'reject', code: 'nouser', text: 'Closed' }),
        v('other.org', 'joe', { kind: 'local', name: 'joe' }),
      ],
      'example.com\t553 5.3.0 Closed\njoe@example.com\tDUNNO\njoe@other.org\tDUNNO\nother.org\t553 5.3.0 Closed\n',
    ],
  ])('%s', (_name, virtmaps, expected) => {
    const access = accessOf(snapshot({ domains: ['example.com', 'other.org'], accounts: joe, virtmaps }));
    expect(access.replace('.mailpanel.invalid\t550 5.1.2 Internal address\n', '')).toBe(expected);
  });
});

// Two customers on one host (snapshot version 2, lib/mail/tenancy.ts), both with `joe`: ta's domain
// falls through to ta's names (the implicit `@one.example → ta-%1`), tb's has a catch-all of its own, tc's
// domain has no names and is strict. Every domain keeps postmaster@ and abuse@ for the host.
const TENANTS: MailSnapshot = {
  version: 2,
  host: { name: 'mail.example.net', flavor: 'postfix' },
  domains: ['one.example', 'two.example', 'three.example'],
  domainOwners: { 'one.example': 'ta', 'two.example': 'tb', 'three.example': 'tc' },
  strictDomains: ['three.example'],
  accounts: [
    { name: 'joe', owner: 'ta', passwordHash: HASH, quotaMb: 1 },
    { name: 'info', owner: 'ta', passwordHash: HASH, quotaMb: 1 },
    { name: 'joe', owner: 'tb', passwordHash: HASH, quotaMb: 1 },
    { name: 'bob', owner: 'tb', passwordHash: HASH, quotaMb: 1 },
  ],
  aliases: [{ name: 'sales', owner: 'ta', targets: [{ kind: 'local', name: 'joe' }] }],
  virtmaps: [
    { domain: 'two.example', localPart: '', target: { kind: 'local', name: 'bob' } },
    { domain: 'two.example', localPart: 'joe', target: { kind: 'local', name: 'joe' } },
    { domain: 'one.example', localPart: 'team', target: { kind: 'localPart' } },
  ],
};

describe('renderPostfix on a host with owners', () => {
  const files = renderPostfix(TENANTS);

  it.each([
    ['domains', 'one.example\tlocal\nthree.example\tlocal\ntwo.example\tlocal\n'],
    // The fall-through is one hash line per domain (no regexp per domain); postmaster@/abuse@ go to the host.
    [
      'virtual',
      [
        '@one.example\t@ta.tenant.mailpanel.invalid',
        'abuse@one.example\tabuse@localhost',
        'postmaster@one.example\tpostmaster@localhost',
        'abuse@three.example\tabuse@localhost',
        'postmaster@three.example\tpostmaster@localhost',
        '@two.example\ttb-bob@localhost',
        'abuse@two.example\tabuse@localhost',
        'joe@two.example\ttb-joe@localhost',
        'postmaster@two.example\tpostmaster@localhost',
        '',
      ].join('\n'),
    ],
    [
      'virtual.regexp',
      [
        '/^(.+)@(.+)\\.reinject\\.mailpanel\\.invalid$/ ${1}@${2}',
        '/^(.[^+@]*)[^@]*@([a-z0-9]+)\\.tenant\\.mailpanel\\.invalid$/ ${2}-${1}@localhost',
        'if /@one\\.example$/',
        '/^(team)(\\+[^@]*)?@one\\.example$/ ta-${1}@localhost',
        'endif',
        '',
      ].join('\n'),
    ],
    ['aliases', 'ta-sales: ta-joe\n'],
    // Names at localhost (a bare name would answer at every domain), then each domain's own addresses.
    [
      'recipients',
      [
        'ta-info@localhost\taccount',
        'ta-joe@localhost\taccount',
        'ta-sales@localhost\talias',
        'tb-bob@localhost\taccount',
        'tb-joe@localhost\taccount',
        'abuse@one.example\tvirtmap',
        'info@one.example\tname',
        'joe@one.example\tname',
        'postmaster@one.example\tvirtmap',
        'sales@one.example\tname',
        'abuse@three.example\tvirtmap',
        'postmaster@three.example\tvirtmap',
        '@two.example\tcatch-all',
        'abuse@two.example\tvirtmap',
        'joe@two.example\tvirtmap',
        'postmaster@two.example\tvirtmap',
        '',
      ].join('\n'),
    ],
    // Every other local part is refused: the host's own recipient maps (passwd) must not answer for it.
    [
      'access',
      [
        '.mailpanel.invalid\t550 5.1.2 Internal address',
        'abuse@one.example\tDUNNO',
        'info@one.example\tDUNNO',
        'joe@one.example\tDUNNO',
        'one.example\t550 5.1.1 User unknown in local recipient table',
        'postmaster@one.example\tDUNNO',
        'sales@one.example\tDUNNO',
        'team@one.example\t550 5.1.1 User unknown in local recipient table',
        'abuse@three.example\tDUNNO',
        'postmaster@three.example\tDUNNO',
        'three.example\t550 5.1.1 User unknown',
        '',
      ].join('\n'),
    ],
    [
      'transport',
      'account.mailpanel.invalid\tmailpanel-account:\nabuse@three.example\t:\npostmaster@three.example\t:\nthree.example\terror:5.1.1 User unknown\n',
    ],
  ] as const)('writes %s', (name, expected) => {
    expect(body(files[name])).toBe(expected);
  });

  it('reads back as its host view (render → parse), also for 300 random hosts with owners', () => {
    expect(parsePostfix(files)).toEqual(postfixRoutingView(hostView(TENANTS)));
    for (let seed = 1; seed <= 300; seed += 1) {
      const s = randomTenantSnapshot(seed, 'postfix');
      expect(parsePostfix(renderPostfix(s)), `seed ${seed}`).toEqual(postfixRoutingView(s));
    }
  });

  it('renders a classic host as before: no tenant rule, bare names', () => {
    const classic = renderPostfix(GOLDEN);
    expect(classic['virtual.regexp']).not.toContain('tenant');
    expect(body(classic.recipients).split('\n')[0]).toBe('joe\taccount');
  });

  it.each(['', 'Ta-', 'ta', 'a-b-', 'x'.repeat(13) + '-', '$1-'])('refuses the %%1 prefix %j', (prefix) => {
    const view = hostView(TENANTS);
    const bad: MailSnapshot = {
      ...view,
      virtmaps: [...view.virtmaps, { domain: 'one.example', localPart: 'zz', target: { kind: 'localPart', prefix } }],
    };
    expect(() => renderPostfix(bad)).toThrow(PostfixRenderError);
  });
});

// Values a user might type (or a broken import might carry): each is refused or written so that it
// reads back unchanged (DOMAIN.md, "How the map tools read files").
const HOSTILE = [
  'a\nb',
  'a\rb',
  'a\tb',
  ' a',
  'a ',
  'a#b',
  'a # b',
  'a,b',
  'a:b',
  '|cmd',
  '/file',
  ':include:/x',
  'a"b',
  "a'b",
  'a\\b',
  'a$b',
  '${1}',
  'a\0b',
  'ä',
  'a@b',
  '@',
  '',
  'A',
  'a..b',
  'a.',
  '-a',
  'a+b',
  'a+*',
  'a++',
  '%1',
  'error:nouser x',
  'x'.repeat(300),
  'a b',
  'a(b)',
  '<a>',
  'a;b',
  'a!b',
  'a%b',
  'localhost',
  'x.mailpanel.invalid',
  'b.reinject.mailpanel.invalid',
  'dom.ain',
  'x@y.example',
  'Mixed.Case@x.example',
];

describe('hostile values', () => {
  const base = randomSnapshot(3, 'postfix');
  const mutations: Array<(s: MailSnapshot, bad: string) => MailSnapshot> = [
    (s, bad) => ({ ...s, domains: [...s.domains, bad] }),
    (s, bad) => ({ ...s, accounts: [...s.accounts, { name: bad, passwordHash: HASH, quotaMb: 1 }] }),
    (s, bad) => ({ ...s, aliases: [...s.aliases, { name: bad, targets: [{ kind: 'local', name: 'joe' }] }] }),
    (s, bad) => ({ ...s, aliases: [...s.aliases, { name: 'zz', targets: [{ kind: 'local', name: bad }] }] }),
    (s, bad) => ({ ...s, aliases: [...s.aliases, { name: 'zz', targets: [{ kind: 'account', name: bad }] }] }),
    (s, bad) => ({ ...s, aliases: [...s.aliases, { name: 'zz', targets: [{ kind: 'external', address: bad }] }] }),
    (s, bad) => ({ ...s, aliases: [...s.aliases, { name: 'zz', targets: [{ kind: 'external', address: `${bad}@x.example` }] }] }),
    (s, bad) => ({
      ...s,
      virtmaps: [...s.virtmaps, { domain: s.domains[0] ?? 'example.com', localPart: bad, target: { kind: 'local', name: 'joe' } }],
    }),
    (s, bad) => ({
      ...s,
      virtmaps: [...s.virtmaps, { domain: s.domains[0] ?? 'example.com', localPart: 'zz', target: { kind: 'local', name: bad } }],
    }),
    (s, bad) => ({
      ...s,
      virtmaps: [...s.virtmaps, { domain: s.domains[0] ?? 'example.com', localPart: 'zz', target: { kind: 'external', address: bad } }],
    }),
    (s, bad) => ({
      ...s,
      virtmaps: [
        ...s.virtmaps,
        { domain: s.domains[0] ?? 'example.com', localPart: 'zz', target: { kind: 'domainRedirect', domain: bad } },
      ],
    }),
    (s, bad) => ({
      ...s,
      virtmaps: [
        ...s.virtmaps,
        { domain: s.domains[0] ?? 'example.com', localPart: 'zz', target: { kind: 'reject', code: 'unknown', text: bad } },
      ],
    }),
  ];

  it('refuses or round-trips 10,000 hostile values', () => {
    const next = seededRandom(42);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    let refused = 0;
    for (let i = 0; i < 10_000; i += 1) {
      // A fixed hostile value, or a random string of risky characters around a safe core.
      const bad =
        next() < 0.3
          ? pick(HOSTILE)
          : Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick([...'ab.-_+@#,: \t\n\r|/"\'\\$%!()<>;*ÄŁ\u0000'])).join('');
      const s = pick(mutations)(base, bad);
      let files;
      try {
        files = renderPostfix(s);
      } catch (error) {
        expect(error, `${JSON.stringify(bad)}`).toBeInstanceOf(PostfixRenderError);
        refused += 1;
        continue;
      }
      expect(parsePostfix(files), `${JSON.stringify(bad)}`).toEqual(postfixRoutingView(s));
      for (const name of POSTFIX_FILES) expect(files[name]).not.toMatch(/[\0\r]|\n[ \t]|\$(?!\{[12]\}|\/)/);
    }
    expect(refused).toBeGreaterThan(5000);
  });
});

describe("the renderer's own domains", () => {
  const base = snapshot({ accounts: [{ name: 'joe', passwordHash: HASH, quotaMb: 1 }] });
  it.each([
    ['a panel domain', { ...base, domains: ['example.com', 'x.mailpanel.invalid'] }],
    [
      'an alias target',
      { ...base, aliases: [{ name: 'a', targets: [{ kind: 'external' as const, address: 'joe@account.mailpanel.invalid' }] }] },
    ],
    [
      'a virtmap target',
      {
        ...base,
        virtmaps: [
          {
            domain: 'example.com',
            localPart: 'a',
            target: { kind: 'external' as const, address: 'joe@example.com.reinject.mailpanel.invalid' },
          },
        ],
      },
    ],
    [
      'a redirect',
      {
        ...base,
        virtmaps: [
          { domain: 'example.com', localPart: '', target: { kind: 'domainRedirect' as const, domain: 'account.mailpanel.invalid' } },
        ],
      },
    ],
  ])('are refused as %s (they would bypass aliases)', (_what, s) => {
    expect(() => renderPostfix(s)).toThrow(PostfixRenderError);
  });
});

describe('postfixMainCf', () => {
  it('names every rendered file and the settings the files assume', () => {
    const cf = postfixMainCf('/var/lib/mailpanel/maps/');
    expect(cf).toContain('mydestination = localhost, $myhostname, hash:/var/lib/mailpanel/maps/domains\n');
    expect(cf).toContain('virtual_alias_maps = hash:/var/lib/mailpanel/maps/virtual, regexp:/var/lib/mailpanel/maps/virtual.regexp\n');
    expect(cf).toContain('local_recipient_maps = hash:/var/lib/mailpanel/maps/recipients, proxy:unix:passwd.byname\n');
    expect(cf).toContain('smtpd_recipient_restrictions = check_recipient_access hash:/var/lib/mailpanel/maps/access\n');
    expect(cf).toContain('transport_maps = hash:/var/lib/mailpanel/maps/transport\n');
    expect(cf).toContain('propagate_unmatched_extensions = canonical\n');
    expect(cf).toContain('relay_domains_reject_code = 550\n');
    expect(cf).not.toMatch(/smtpd_access_maps/);
  });

  it.each(['relative/maps', '/with space', '/a,b', '/a\nb'])('refuses the map directory %j', (dir) => {
    expect(() => postfixMainCf(dir)).toThrow(PostfixRenderError);
  });

  it('refuses an unsafe mailbox transport', () => {
    expect(() => postfixMainCf('/maps', { mailboxTransport: 'lmtp:x\nmydestination = evil' })).toThrow(PostfixRenderError);
  });
});

describe("sendmail's %3 and a name's own +detail", () => {
  it('writes %3 as a regexp capture of the detail, a +detail name as name+detail@localhost, and reads both back', () => {
    const s = snapshot({
      domains: ['example.com', 'example.org'],
      accounts: [{ name: 'joe', passwordHash: HASH, quotaMb: 1 }],
      aliases: [{ name: 'lists', targets: [{ kind: 'local', name: 'joe', detail: 'lists' }] }],
      virtmaps: [
        { domain: 'example.com', localPart: 'help', target: { kind: 'local', name: 'joe', keepDetail: true } },
        { domain: 'example.com', localPart: 'news', target: { kind: 'local', name: 'joe', detail: 'news' } },
        { domain: 'example.org', localPart: '', target: { kind: 'domainRedirect', domain: 'example.com', keepDetail: true } },
      ],
    });
    const files = renderPostfix(s);
    expect(body(files['virtual.regexp'])).toContain(
      'if /@example\\.com$/\n/^(help)(\\+[^@]*)?@example\\.com$/ joe${2}@localhost\nendif\nif /@example\\.org$/\n/^(.[^+@]*)(\\+[^@]*)?@example\\.org$/ ${1}${2}@example.com\nendif',
    );
    expect(body(files.virtual)).toBe('news@example.com\tjoe+news@localhost\n');
    expect(body(files.aliases)).toBe('lists: joe+lists\n');
    expect(parsePostfix(files).virtmaps.map((v) => v.target)).toEqual(
      expect.arrayContaining([
        { kind: 'local', name: 'joe', keepDetail: true },
        { kind: 'local', name: 'joe', detail: 'news' },
        { kind: 'domainRedirect', domain: 'example.com', keepDetail: true },
      ]),
    );
  });
});
