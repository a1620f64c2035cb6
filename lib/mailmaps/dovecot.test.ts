import { describe, expect, it } from 'vitest';
import { NO_LOGIN_HASH } from '../mail/no-login-hash';
import type { MailSnapshot, SnapshotAccount } from '../mail/snapshot';
import { DovecotRenderError, parseDovecotPasswd, renderDovecotPasswd, type DovecotPasswdOptions } from './dovecot';

const OPTS: DovecotPasswdOptions = { uid: 5000, gid: 5000, homeBase: '/var/vmail' };
const H1 = '{ARGON2ID}$argon2id$v=19$m=12288,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$mXl0dPdLF3bMV8pFXUCtsjGdtQp5jOHrzVDNm3E0NTE';
const H2 = '{BLF-CRYPT}$2y$10$abcdefghijklmnopqrstuu5Gd7vSg1L3E5a1o9Vb7Xc3mS0Qz3Ri2';
const H3 = '{SHA512-CRYPT}$6$rounds=5000$saltsalt$Zx./0123456789abcdefABCDEF';

const account = (name: string, passwordHash = H1, quotaMb = 1024): SnapshotAccount => ({ name, passwordHash, quotaMb });
const render = (accounts: SnapshotAccount[], opts = OPTS) => renderDovecotPasswd({ accounts }, opts);
const HEADER = '# Dovecot passwd-file written by mailpanel: every change here is overwritten.\n';
const snapshot = (version: 1 | 2, accounts: SnapshotAccount[], domainOwners?: Record<string, string>): MailSnapshot => ({
  version,
  host: { name: 'mx.example', flavor: 'postfix' },
  domains: Object.keys(domainOwners ?? {}),
  accounts,
  aliases: [],
  virtmaps: [],
  ...(domainOwners ? { domainOwners } : {}),
});

describe('renderDovecotPasswd', () => {
  it('writes one sorted line per account with home and quota (golden)', () => {
    const text = render([account('zed', H3, 50), account('joe.smith-2', H1, 1024), account('ann_b', H2, 1)]);
    expect(text).toBe(
      '# Dovecot passwd-file written by mailpanel: every change here is overwritten.\n' +
        `ann_b:${H2}:5000:5000::/var/vmail/ann_b::userdb_quota_rule=*:storage=1M\n` +
        `joe.smith-2:${H1}:5000:5000::/var/vmail/joe.smith-2::userdb_quota_rule=*:storage=1024M\n` +
        `zed:${H3}:5000:5000::/var/vmail/zed::userdb_quota_rule=*:storage=50M\n`,
    );
  });

  it('renders a version 1 snapshot as before: one line per account, the name is the login', () => {
    const accounts = [account('zed', H3, 50), account('joe.smith-2', H1, 1024)];
    expect(renderDovecotPasswd(snapshot(1, accounts), OPTS)).toBe(render(accounts));
  });

  it('keeps a disabled account for delivery and refuses its logins (nologin)', () => {
    const text = renderDovecotPasswd(snapshot(1, [account('joe'), { ...account('old', H2, 5), loginDisabled: true }]), OPTS);
    expect(text).toBe(
      HEADER +
        `joe:${H1}:5000:5000::/var/vmail/joe::userdb_quota_rule=*:storage=1024M\n` +
        `old:${H2}:5000:5000::/var/vmail/old::userdb_quota_rule=*:storage=5M nologin\n`,
    );
  });

  // Imported hashes are written as kept (lib/auth/legacy-hash.ts); an account imported locked, never set or
  // empty is stored with NO_LOGIN_HASH, and every line of it refuses logins (tests/mta/dovecot-legacy-hashes.test.ts).
  it('writes imported MD5-crypt and DES hashes as kept, and nologin on every line of a no-login account (golden)', () => {
    const md5 = '{MD5-CRYPT}$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/';
    const des = '{CRYPT}abJnggxhB/yWI';
    const locked = { ...account('ta-old', NO_LOGIN_HASH, 5), login: 'old@a.example', legacyLogin: 'old' };
    const text = render([account('ta-md5', md5), account('ta-des', des), locked]);
    expect(text).toBe(
      HEADER +
        `ta-des:${des}:5000:5000::/var/vmail/ta-des::userdb_quota_rule=*:storage=1024M\n` +
        `ta-md5:${md5}:5000:5000::/var/vmail/ta-md5::userdb_quota_rule=*:storage=1024M\n` +
        `ta-old:{CRYPT}!:5000:5000::/var/vmail/ta-old::userdb_quota_rule=*:storage=5M nologin\n` +
        `old@a.example:{CRYPT}!:5000:5000::/var/vmail/ta-old::userdb_quota_rule=*:storage=5M nologin\n` +
        `old:{CRYPT}!:5000:5000::/var/vmail/ta-old::userdb_quota_rule=*:storage=5M nologin\n`,
    );
    expect(parseDovecotPasswd(text).map((e) => [e.name, e.passwordHash, e.nologin])).toEqual([
      ['ta-des', des, false],
      ['ta-md5', md5, false],
      ['ta-old', NO_LOGIN_HASH, true],
      ['old@a.example', NO_LOGIN_HASH, true],
      ['old', NO_LOGIN_HASH, true],
    ]);
  });

  it('a version 2 snapshot: host name for delivery (nologin), login address and legacy login, one home (golden)', () => {
    // Two customers both have "joe"; ta's was there before tenancy: it keeps its login "joe" and its mailbox.
    const text = renderDovecotPasswd(
      snapshot(
        2,
        [
          { ...account('joe', H2, 2048), owner: 'tb', login: 'joe@b.example' },
          { ...account('joe', H1, 100), owner: 'ta', login: 'joe@subhost1.example', legacyLogin: 'joe', mailbox: 'joe' },
          { ...account('old', H3, 5), owner: 'tb', login: 'old@b.example', loginDisabled: true },
        ],
        { 'subhost1.example': 'ta', 'b.example': 'tb' },
      ),
      OPTS,
    );
    expect(text).toBe(
      HEADER +
        `ta-joe:${H1}:5000:5000::/var/vmail/joe::userdb_quota_rule=*:storage=100M nologin\n` +
        `joe@subhost1.example:${H1}:5000:5000::/var/vmail/joe::userdb_quota_rule=*:storage=100M\n` +
        `joe:${H1}:5000:5000::/var/vmail/joe::userdb_quota_rule=*:storage=100M\n` +
        `tb-joe:${H2}:5000:5000::/var/vmail/tb-joe::userdb_quota_rule=*:storage=2048M nologin\n` +
        `joe@b.example:${H2}:5000:5000::/var/vmail/tb-joe::userdb_quota_rule=*:storage=2048M\n` +
        `tb-old:${H3}:5000:5000::/var/vmail/tb-old::userdb_quota_rule=*:storage=5M nologin\n` +
        `old@b.example:${H3}:5000:5000::/var/vmail/tb-old::userdb_quota_rule=*:storage=5M nologin\n`,
    );
    expect(
      parseDovecotPasswd(text)
        .filter((e) => !e.nologin)
        .map((e) => e.name),
    ).toEqual(['joe@subhost1.example', 'joe', 'joe@b.example']);
  });

  it('lets an account without a login log in with its host name', () => {
    expect(render([{ ...account('ta-mary'), mailbox: 'ta-mary-2' }])).toBe(
      HEADER + `ta-mary:${H1}:5000:5000::/var/vmail/ta-mary-2::userdb_quota_rule=*:storage=1024M\n`,
    );
  });

  it('accepts a host name of 77 characters (a 12-character tag, "-" and a 64-character name)', () => {
    const name = `${'t'.repeat(12)}-${'n'.repeat(64)}`;
    expect(
      parseDovecotPasswd(render([{ ...account(name), login: `${'n'.repeat(64)}@${'d'.repeat(63)}.example` }])).map((e) => e.name),
    ).toEqual([name, `${'n'.repeat(64)}@${'d'.repeat(63)}.example`]);
  });

  it('is deterministic: the same accounts in any order give the same text', () => {
    const accounts = [account('b'), account('a'), account('c.d'), account('a-b'), account('a.b'), account('a_b')];
    expect(render([...accounts].reverse())).toBe(render(accounts));
    expect(parseDovecotPasswd(render(accounts)).map((e) => e.name)).toEqual(['a', 'a-b', 'a.b', 'a_b', 'b', 'c.d']);
  });

  it('writes only the header for a host without accounts', () => {
    expect(parseDovecotPasswd(render([]))).toEqual([]);
  });

  it.each([
    ['upper case', account('Joe'), 'not lower-case'],
    ['colon in name', account('jo:e'), 'not lower-case'],
    ['newline in name', account('joe\nroot'), 'not lower-case'],
    ['space in name', account('joe x'), 'not lower-case'],
    ['tab in name', account('joe\t'), 'not lower-case'],
    ['comment name', account('#joe'), 'not lower-case'],
    ['empty name', account(''), 'not lower-case'],
    ['leading dot', account('.joe'), 'not lower-case'],
    ['slash (home escape)', account('a/../../etc'), 'not lower-case'],
    ['78 characters', account('a'.repeat(78)), 'not lower-case'],
    ['non-ASCII', account('jöe'), 'not lower-case'],
    ['duplicate', [account('joe'), account('joe', H2)], 'appears twice'],
    ['no scheme', account('joe', '$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA'), 'no {SCHEME} prefix'],
    ['cleartext scheme', account('joe', '{PLAIN}secret'), 'scheme PLAIN'],
    ['CLEARTEXT scheme', account('joe', '{CLEARTEXT}$secret'), 'scheme CLEARTEXT'],
    ['colon in hash', account('joe', H1 + ':0:0::/root::'), 'scheme ARGON2ID'],
    ['newline in hash', account('joe', H1 + '\nroot:{PLAIN}x'), 'scheme ARGON2ID'],
    ['space in hash', account('joe', H1 + ' userdb_uid=0'), 'scheme ARGON2ID'],
    ['{CRYPT} other than DES', account('joe', '{CRYPT}$y$j9T$abc$def'), 'scheme CRYPT'],
    ['{CRYPT} of 12 characters', account('joe', '{CRYPT}abJnggxhB/yW'), 'scheme CRYPT'],
    ['{CRYPT} with a colon', account('joe', '{CRYPT}abJnggxhB/yW:'), 'scheme CRYPT'],
    ['{CRYPT} empty', account('joe', '{CRYPT}'), 'scheme CRYPT'],
    ['{CRYPT}!!', account('joe', '{CRYPT}!!'), 'scheme CRYPT'],
    ['{MD5-CRYPT} with a space', account('joe', '{MD5-CRYPT}$1$a b$c'), 'scheme MD5-CRYPT'],
    ['pam-pwdfile suffix', account('joe', H1 + '[34]'), 'scheme ARGON2ID'],
    ['very long hash', account('joe', H1 + 'A'.repeat(600)), 'scheme ARGON2ID'],
    ['zero quota', account('joe', H1, 0), 'quota 0 MB'],
    ['fractional quota', account('joe', H1, 1.5), 'quota 1.5 MB'],
    ['NaN quota', account('joe', H1, Number.NaN), 'quota null MB'],
    ['huge quota', account('joe', H1, 2e9), 'quota 2000000000 MB'],
    ['login without domain', { ...account('ta-joe'), login: 'joe' }, 'login "joe" is not an address'],
    ['login with upper case', { ...account('ta-joe'), login: 'Joe@b.example' }, 'is not an address'],
    ['login with upper-case domain', { ...account('ta-joe'), login: 'joe@B.example' }, 'is not an address'],
    ['login with +detail', { ...account('ta-joe'), login: 'joe+x@b.example' }, 'is not an address'],
    ['login with two "@"', { ...account('ta-joe'), login: 'joe@x@b.example' }, 'is not an address'],
    ['login with a colon', { ...account('ta-joe'), login: 'joe@b.example:0:0' }, 'is not an address'],
    ['login with a space', { ...account('ta-joe'), login: 'joe@b.example nopassword' }, 'is not an address'],
    ['login with "%"', { ...account('ta-joe'), login: 'jo%u@b.example' }, 'is not an address'],
    ['login on an unqualified domain', { ...account('ta-joe'), login: 'joe@localhost' }, 'is not an address'],
    ['empty login', { ...account('ta-joe'), login: '' }, 'is not an address'],
    ['legacy login that is an address', { ...account('ta-joe'), legacyLogin: 'joe@b.example' }, 'legacy login "joe@b.example"'],
    ['legacy login of 65 characters', { ...account('ta-joe'), legacyLogin: 'j'.repeat(65) }, 'legacy login'],
    ['mailbox with a slash', { ...account('ta-joe'), mailbox: '../root' }, 'mailbox "../root"'],
    ['empty mailbox', { ...account('ta-joe'), mailbox: '' }, 'mailbox ""'],
    ['mailbox of 129 characters', { ...account('ta-joe'), mailbox: 'm'.repeat(129) }, 'mailbox "mmm'],
    [
      'legacy login equal to its own name',
      { ...account('joe'), legacyLogin: 'joe' },
      '"joe" appears twice: as the name of account "joe" and as the legacy login of account "joe"',
    ],
    [
      "legacy login equal to another account's name",
      [account('joe'), { ...account('ta-joe'), legacyLogin: 'joe', mailbox: 'joe2' }],
      '"joe" appears twice: as the name of account "joe" and as the legacy login of account "ta-joe"',
    ],
    [
      'one login for two accounts',
      [
        { ...account('ta-joe'), login: 'joe@b.example' },
        { ...account('tb-joe'), login: 'joe@b.example' },
      ],
      '"joe@b.example" appears twice',
    ],
    [
      'one legacy login for two accounts',
      [
        { ...account('ta-joe'), legacyLogin: 'joe' },
        { ...account('tb-joe'), legacyLogin: 'joe' },
      ],
      '"joe" appears twice',
    ],
    [
      'one mailbox for two accounts',
      [{ ...account('ta-joe'), mailbox: 'joe' }, account('joe')],
      'mailbox "joe" would be shared by account "joe" and account "ta-joe"',
    ],
  ])('refuses %s', (_what, accounts, message) => {
    expect(() => render(Array.isArray(accounts) ? accounts : [accounts])).toThrow(DovecotRenderError);
    expect(() => render(Array.isArray(accounts) ? accounts : [accounts])).toThrow(message);
  });

  it.each([
    ['uid 0', { ...OPTS, uid: 0 }, 'uid 0'],
    ['gid -1', { ...OPTS, gid: -1 }, 'gid -1'],
    ['relative homeBase', { ...OPTS, homeBase: 'var/vmail' }, 'homeBase'],
    ['trailing slash', { ...OPTS, homeBase: '/var/vmail/' }, 'homeBase'],
    ['dot-dot', { ...OPTS, homeBase: '/var/../etc' }, 'homeBase'],
    ['colon in homeBase', { ...OPTS, homeBase: '/var/vmail:x' }, 'homeBase'],
    ['space in homeBase', { ...OPTS, homeBase: '/var/v mail' }, 'homeBase'],
    ['variable in homeBase', { ...OPTS, homeBase: '/var/%u' }, 'homeBase'],
  ])('refuses options with %s', (_what, opts, message) => {
    expect(() => render([account('joe')], opts)).toThrow(message);
  });
});

describe('parseDovecotPasswd', () => {
  it('reads back exactly what was rendered', () => {
    const accounts = [account('joe', H1, 100), account('a.b-c_d', H2, 2048)];
    expect(parseDovecotPasswd(render(accounts))).toEqual([
      {
        name: 'a.b-c_d',
        passwordHash: H2,
        uid: 5000,
        gid: 5000,
        home: '/var/vmail/a.b-c_d',
        quotaMb: 2048,
        nologin: false,
        extraFields: [],
      },
      { name: 'joe', passwordHash: H1, uid: 5000, gid: 5000, home: '/var/vmail/joe', quotaMb: 100, nologin: false, extraFields: [] },
    ]);
  });

  it('reads back the lines of a login account: host name (nologin), address and legacy name in one home', () => {
    const text = render([{ ...account('ta-joe', H1, 100), login: 'joe@subhost1.example', legacyLogin: 'joe', mailbox: 'joe' }]);
    const line = { passwordHash: H1, uid: 5000, gid: 5000, home: '/var/vmail/joe', quotaMb: 100, extraFields: [] };
    expect(parseDovecotPasswd(text)).toEqual([
      { name: 'ta-joe', ...line, nologin: true },
      { name: 'joe@subhost1.example', ...line, nologin: false },
      { name: 'joe', ...line, nologin: false },
    ]);
  });

  it('keeps other extra fields and reads a line without quota', () => {
    const text = `joe:${H1}:5000:5001::/home/joe::userdb_mail=maildir:~/M nopassword\n`;
    expect(parseDovecotPasswd(text)).toEqual([
      {
        name: 'joe',
        passwordHash: H1,
        uid: 5000,
        gid: 5001,
        home: '/home/joe',
        quotaMb: null,
        nologin: false,
        extraFields: ['userdb_mail=maildir:~/M', 'nopassword'],
      },
    ]);
  });

  it.each([
    ['too few fields', `joe:${H1}\n`, 'line 1'],
    ['duplicate name', `joe:${H1}:1:1::/h::\n# x\njoe:${H1}:1:1::/h::\n`, 'line 3: "joe" appears twice'],
    ['uid 0', `joe:${H1}:0:1::/h::\n`, 'uid/gid "0"'],
    ['cleartext', 'joe:{PLAIN}pw:1:1::/h::\n', 'scheme PLAIN'],
    ['a shell', `joe:${H1}:1:1::/h:/bin/sh:\n`, 'shell'],
    ['relative home', `joe:${H1}:1:1::h::\n`, 'home'],
    ['an address that is no login', `joe@x:${H1}:1:1::/h::\n`, 'bad name "joe@x"'],
    ['two quota rules', `joe:${H1}:1:1::/h::userdb_quota_rule=*:storage=1M userdb_quota_rule=*:storage=2M\n`, 'two quota rules'],
    ['nologin twice', `joe:${H1}:1:1::/h::nologin nologin\n`, '"nologin" twice'],
    ['the no-login hash without nologin', 'joe:{CRYPT}!:1:1::/h::\n', 'the no-login hash without "nologin"'],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseDovecotPasswd(text)).toThrow(message);
  });
});

// Hostile names, hashes and quotas: each snapshot is either refused with a DovecotRenderError or rendered so
// that parsing the file gives back exactly its accounts (nothing added, nothing lost).
describe('hostile input', () => {
  const ALPHABET = [
    'a',
    'z',
    '0',
    '9',
    '.',
    '-',
    '_',
    ':',
    '\n',
    '\r',
    '\t',
    ' ',
    '#',
    ',',
    '"',
    "'",
    '|',
    '/',
    '\\',
    '\0',
    '%',
    '$',
    '{',
    '}',
    '[',
    ']',
    '=',
    '*',
    'É',
    'ß',
    '\u2028',
    '\ud83d\ude00',
    'A',
  ];
  const SAFE = 'abcz09._-';
  let seed = 20240601; // mulberry32: a fixed seed, so a failure reproduces
  const random = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const pick = <T>(items: readonly T[]): T => items[random(items.length)] as T;
  const text = (max: number, alphabet: readonly string[]) => Array.from({ length: random(max + 1) }, () => pick(alphabet)).join('');
  // Half the names are built from the safe alphabet, then maybe spoiled by one hostile character or made long.
  const hostileName = () => {
    const name = 'a' + text(8, [...SAFE]);
    const spoil = random(4);
    if (spoil === 0) return text(8, ALPHABET);
    if (spoil === 1) return name.slice(0, 3) + pick(ALPHABET) + name.slice(3);
    if (spoil === 2 && random(4) === 0) return name + 'x'.repeat(60);
    return name;
  };
  const hostileHash = () => pick([H1, H2, H3, H1, H2, H3, '{PLAIN}', '{ARGON2ID}$', '']) + (random(4) === 0 ? text(3, ALPHABET) : '');
  const hostileQuota = () => pick([1, 1024, 50, 0, -1, 1.5, Number.NaN, Infinity, 1e9, 1e9 + 1]);

  it('10,000 snapshots: refused, or round-trip exactly', () => {
    let rendered = 0;
    for (let i = 0; i < 10_000; i++) {
      const accounts = Array.from({ length: 1 + random(3) }, () => account(hostileName(), hostileHash(), hostileQuota()));
      let file: string;
      try {
        file = render(accounts);
      } catch (error) {
        expect(error).toBeInstanceOf(DovecotRenderError);
        continue;
      }
      rendered++;
      const back = parseDovecotPasswd(file).map((e) => ({ name: e.name, passwordHash: e.passwordHash, quotaMb: e.quotaMb }));
      expect(back).toEqual([...accounts].sort((a, b) => (a.name < b.name ? -1 : 1)));
      expect(file.split('\n').length).toBe(accounts.length + 2); // header + one line each + final ""
    }
    expect(rendered).toBeGreaterThan(300); // the generator also makes valid snapshots
  });

  // Accounts of host views: logins, legacy logins, mailboxes and disabled accounts, hostile too. What a
  // rendered file must say, written out independently of the renderer.
  // Mostly well-formed (so that many files are written), one in four hostile.
  const someName = () => (random(4) === 0 ? hostileName() : 'a' + text(8, [...SAFE]));
  const hostileAddress = () => {
    const address = `${someName()}@${pick(['b.example', 'subhost1.example', 'xn--bcher-kva.example'])}`;
    return random(5) === 0
      ? pick([address.toUpperCase(), address.replace('@', ''), `${address}${pick(ALPHABET)}`, `@${address}`])
      : address;
  };
  const maybe = <T>(make: () => T): T | undefined => (random(2) === 0 ? make() : undefined);
  const hostileAccount = (): SnapshotAccount => {
    const base = account(hostileName(), hostileHash(), hostileQuota());
    const login = maybe(hostileAddress);
    const legacyLogin = maybe(someName);
    const mailbox = maybe(someName);
    return {
      ...base,
      ...(login !== undefined ? { login } : {}),
      ...(legacyLogin !== undefined ? { legacyLogin } : {}),
      ...(mailbox !== undefined ? { mailbox } : {}),
      ...(random(4) === 0 ? { loginDisabled: true as const } : {}),
    };
  };
  const expectedEntries = (accounts: SnapshotAccount[]) =>
    [...accounts]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap((a) => {
        const logins = [a.login, a.legacyLogin].filter((name): name is string => name !== undefined);
        const line = { passwordHash: a.passwordHash, quotaMb: a.quotaMb, home: `/var/vmail/${a.mailbox ?? a.name}` };
        return [
          { name: a.name, ...line, nologin: a.loginDisabled === true || logins.length > 0 },
          ...logins.map((name) => ({ name, ...line, nologin: a.loginDisabled === true })),
        ];
      });

  it('10,000 host views with logins: refused, or round-trip exactly, one home per account', () => {
    let rendered = 0;
    let withLogins = 0;
    for (let i = 0; i < 10_000; i++) {
      const accounts = Array.from({ length: 1 + random(3) }, hostileAccount);
      let file: string;
      try {
        file = render(accounts);
      } catch (error) {
        expect(error).toBeInstanceOf(DovecotRenderError);
        continue;
      }
      rendered++;
      const back = parseDovecotPasswd(file);
      expect(back.map(({ name, passwordHash, quotaMb, home, nologin }) => ({ name, passwordHash, quotaMb, home, nologin }))).toEqual(
        expectedEntries(accounts),
      );
      expect(new Set(back.map((e) => e.home)).size).toBe(accounts.length);
      if (back.length > accounts.length) withLogins++;
    }
    // Both branches in earnest (335 files written, 244 of them with login lines, with this seed).
    expect(rendered).toBeGreaterThan(200);
    expect(withLogins).toBeGreaterThan(150);
  });
});
