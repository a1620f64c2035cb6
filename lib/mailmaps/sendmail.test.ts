import { describe, expect, it } from 'vitest';
import type { MailSnapshot } from '../mail/snapshot';
import { randomSnapshot, randomTenantSnapshot } from '../../tests/support/random-snapshot';
import { hostileSnapshot } from '../../tests/mta/sendmail-hostile';
import { renderSendmail, SENDMAIL_HEADER, SendmailRenderError, sendmailReplyText } from './sendmail';
import { parseSendmail, parseVirtusertable, sendmailView, SendmailParseError } from './sendmail-parse';

const H = SENDMAIL_HEADER;

const SNAPSHOT: MailSnapshot = {
  version: 1,
  host: { name: 'mail.example.net', flavor: 'sendmail' },
  domains: ['subhost1.com', 'example.com'],
  accounts: [
    { name: 'sales', passwordHash: '{SHA512-CRYPT}$6$a$b', quotaMb: 10 },
    { name: 'joe', passwordHash: '{SHA512-CRYPT}$6$a$b', quotaMb: 10 },
  ],
  aliases: [
    {
      name: 'sales',
      targets: [
        { kind: 'local', name: 'joe' },
        { kind: 'account', name: 'sales' },
        { kind: 'external', address: 'Boss@elsewhere.example' },
      ],
    },
    { name: 'info', targets: [{ kind: 'local', name: 'sales' }] },
  ],
  virtmaps: [
    { domain: 'subhost1.com', localPart: '', target: { kind: 'local', name: 'joe' } },
    { domain: 'example.com', localPart: 'sales', target: { kind: 'local', name: 'sales' } },
    { domain: 'example.com', localPart: 'old', target: { kind: 'reject', code: 'nouser', text: 'This address is no longer in use' } },
    { domain: 'example.com', localPart: 'gone', target: { kind: 'reject', code: 'unknown', text: 'Gone' } },
    { domain: 'example.com', localPart: 'later', target: { kind: 'reject', code: 'tempfail', text: 'Try again later' } },
    { domain: 'example.com', localPart: 'joe+news', target: { kind: 'external', address: 'news@elsewhere.example' } },
    { domain: 'subhost1.com', localPart: 'fwd', target: { kind: 'domainRedirect', domain: 'example.com' } },
    { domain: 'subhost1.com', localPart: 'pc', target: { kind: 'localPart' } },
    // Not a domain of this host: never rendered (sendmail would ignore it, Postfix would not).
    { domain: 'elsewhere.example', localPart: 'x', target: { kind: 'local', name: 'joe' } },
  ],
};

describe('renderSendmail', () => {
  it('writes the four files, sorted, each with the fixed header', () => {
    expect(renderSendmail(SNAPSHOT)).toEqual({
      'local-host-names': `${H}example.com\nsubhost1.com\n`,
      virtusertable:
        `${H}gone@example.com\terror:5.1.1:550 Gone\n` +
        'joe+news@example.com\tnews@elsewhere.example\n' +
        'later@example.com\terror:4.2.1:450 Try again later\n' +
        'old@example.com\terror:nouser This address is no longer in use\n' +
        'sales@example.com\tsales\n' +
        '@subhost1.com\tjoe\n' +
        'fwd@subhost1.com\t%1@example.com\n' +
        'pc@subhost1.com\t%1\n',
      aliases: `${H}info: sales\nsales: Boss@elsewhere.example, \\sales, joe\n`,
      accounts: `${H}joe\tjoe\nsales\tsales\n`,
    });
  });

  it('gives the same bytes for the same snapshot in any order', () => {
    const shuffled: MailSnapshot = {
      ...SNAPSHOT,
      domains: [...SNAPSHOT.domains].reverse(),
      accounts: [...SNAPSHOT.accounts].reverse(),
      aliases: [...SNAPSHOT.aliases].reverse().map((a) => ({ ...a, targets: [...a.targets].reverse() })),
      virtmaps: [...SNAPSHOT.virtmaps].reverse(),
    };
    expect(renderSendmail(shuffled)).toEqual(renderSendmail(SNAPSHOT));
  });

  const bad = (change: (s: MailSnapshot) => MailSnapshot) => change(structuredClone(SNAPSHOT));
  it.each([
    ['a newline in an alias name', bad((s) => ({ ...s, aliases: [{ name: 'a\nb', targets: [{ kind: 'local', name: 'joe' }] }] }))],
    ['a colon in an alias name', bad((s) => ({ ...s, aliases: [{ name: 'a:b', targets: [{ kind: 'local', name: 'joe' }] }] }))],
    ['upper case in an account name', bad((s) => ({ ...s, accounts: [{ name: 'Joe', passwordHash: 'x', quotaMb: 1 }] }))],
    [
      'a comma list as one alias target',
      bad((s) => ({ ...s, aliases: [{ name: 'a', targets: [{ kind: 'external', address: 'x@example.com, y@example.com' }] }] })),
    ],
    ['a program target', bad((s) => ({ ...s, aliases: [{ name: 'a', targets: [{ kind: 'local', name: '|/bin/sh' }] }] }))],
    ['a file target', bad((s) => ({ ...s, aliases: [{ name: 'a', targets: [{ kind: 'external', address: '/etc/passwd@x.com' }] }] }))],
    ['an include target', bad((s) => ({ ...s, aliases: [{ name: 'a', targets: [{ kind: 'local', name: ':include:/x' }] }] }))],
    ['"%" routing in an address', bad((s) => ({ ...s, aliases: [{ name: 'a', targets: [{ kind: 'external', address: 'a%b@x.com' }] }] }))],
    ['an alias without targets', bad((s) => ({ ...s, aliases: [{ name: 'a', targets: [] }] }))],
    ['the same alias twice', bad((s) => ({ ...s, aliases: [...s.aliases, { name: 'info', targets: [{ kind: 'local', name: 'joe' }] }] }))],
    [
      'the same target twice',
      bad((s) => ({
        ...s,
        aliases: [
          {
            name: 'a',
            targets: [
              { kind: 'local', name: 'joe' },
              { kind: 'local', name: 'joe' },
            ],
          },
        ],
      })),
    ],
    ['the same account twice', bad((s) => ({ ...s, accounts: [...s.accounts, { name: 'joe', passwordHash: 'x', quotaMb: 1 }] }))],
    [
      'the same virtmap key twice',
      bad((s) => ({
        ...s,
        virtmaps: [...s.virtmaps, { domain: 'subhost1.com', localPart: '', target: { kind: 'local', name: 'sales' } }],
      })),
    ],
    [
      'a tab in a virtmap key',
      bad((s) => ({ ...s, virtmaps: [{ domain: 'example.com', localPart: 'a\tb', target: { kind: 'local', name: 'joe' } }] })),
    ],
    [
      'a wildcard in the middle of a key',
      bad((s) => ({ ...s, virtmaps: [{ domain: 'example.com', localPart: 'joe+*x', target: { kind: 'local', name: 'joe' } }] })),
    ],
    ['a domain that is not an A-label', bad((s) => ({ ...s, domains: ['Exämple.com'] }))],
    ['a domain with a space', bad((s) => ({ ...s, domains: ['example.com other.com'] }))],
    [
      'a rejection text with a newline',
      bad((s) => ({
        ...s,
        virtmaps: [{ domain: 'example.com', localPart: 'x', target: { kind: 'reject', code: 'nouser', text: 'a\nb@example.com\tjoe' } }],
      })),
    ],
    [
      'a rejection text that starts with a reply code',
      bad((s) => ({
        ...s,
        virtmaps: [{ domain: 'example.com', localPart: 'x', target: { kind: 'reject', code: 'nouser', text: '250 ok' } }],
      })),
    ],
    [
      'a rejection text with %1',
      bad((s) => ({
        ...s,
        virtmaps: [{ domain: 'example.com', localPart: 'x', target: { kind: 'reject', code: 'nouser', text: 'Sorry %1' } }],
      })),
    ],
    [
      'a rejection text with a (comment)',
      bad((s) => ({
        ...s,
        virtmaps: [{ domain: 'example.com', localPart: 'x', target: { kind: 'reject', code: 'nouser', text: 'Sorry (really)' } }],
      })),
    ],
    [
      'an empty rejection text (sendmail would answer a mangled address)',
      bad((s) => ({ ...s, virtmaps: [{ domain: 'example.com', localPart: 'x', target: { kind: 'reject', code: 'nouser', text: '' } }] })),
    ],
  ])('refuses %s', (_, snapshot) => {
    expect(() => renderSendmail(snapshot)).toThrow(SendmailRenderError);
  });
});

// Two customers on one host (snapshot version 2, lib/mail/tenancy.ts), both with `joe`: the files hold the
// host view — names as `owner-name`, each domain's fall-through as `@d<TAB>owner-%1`, a strict domain's
// refusal, postmaster@ and abuse@ to the host's own names unless the customer has its own.
const TENANTS: MailSnapshot = {
  version: 2,
  host: { name: 'mail.example.net', flavor: 'sendmail' },
  domains: ['one.example', 'two.example', 'three.example'],
  domainOwners: { 'one.example': 'ta', 'two.example': 'tb', 'three.example': 'tc' },
  strictDomains: ['three.example'],
  accounts: [
    { name: 'joe', owner: 'ta', passwordHash: '{SHA512-CRYPT}$6$a$b', quotaMb: 10 },
    { name: 'info', owner: 'ta', passwordHash: '{SHA512-CRYPT}$6$a$b', quotaMb: 10 },
    { name: 'joe', owner: 'tb', passwordHash: '{SHA512-CRYPT}$6$a$b', quotaMb: 10 },
  ],
  aliases: [
    {
      name: 'info',
      owner: 'tb',
      targets: [
        { kind: 'local', name: 'joe' },
        { kind: 'account', name: 'joe' },
        { kind: 'external', address: 'Boss@elsewhere.example' },
      ],
    },
  ],
  virtmaps: [
    { domain: 'two.example', localPart: '', target: { kind: 'local', name: 'info' } },
    { domain: 'two.example', localPart: 'joe', target: { kind: 'local', name: 'joe' } },
    { domain: 'one.example', localPart: 'any', target: { kind: 'localPart' } },
    { domain: 'one.example', localPart: 'abuse', target: { kind: 'local', name: 'joe' } },
  ],
};

describe('renderSendmail on a host with owners', () => {
  it('writes the host view: owner-name names, owner-%1 fall-through, postmaster@ and abuse@ kept', () => {
    expect(renderSendmail(TENANTS)).toEqual({
      'local-host-names': `${H}one.example\nthree.example\ntwo.example\n`,
      virtusertable:
        `${H}@one.example\tta-%1\n` +
        'abuse@one.example\tta-joe\n' +
        'any@one.example\tta-%1\n' +
        'postmaster@one.example\tpostmaster\n' +
        '@three.example\terror:5.1.1:550 User unknown\n' +
        'abuse@three.example\tabuse\n' +
        'postmaster@three.example\tpostmaster\n' +
        '@two.example\ttb-info\n' +
        'abuse@two.example\tabuse\n' +
        'joe@two.example\ttb-joe\n' +
        'postmaster@two.example\tpostmaster\n',
      aliases: `${H}tb-info: Boss@elsewhere.example, \\tb-joe, tb-joe\n`,
      accounts: `${H}ta-info\tta-info\nta-joe\tta-joe\ntb-joe\ttb-joe\n`,
    });
  });

  it.each([
    ['upper case', 'TA-'],
    ['no "-"', 'ta'],
    ['a "%"', 'ta%2-'],
    ['an "@"', 'ta@x-'],
    ['a "+"', 'ta+-'],
    ['a tab', 'ta\t-'],
  ])('refuses a %%1 prefix with %s', (_, prefix) => {
    const snapshot: MailSnapshot = {
      ...SNAPSHOT,
      virtmaps: [{ domain: 'example.com', localPart: '', target: { kind: 'localPart', prefix } }],
    };
    expect(() => renderSendmail(snapshot)).toThrow(SendmailRenderError);
  });
});

describe('parseSendmail', () => {
  it('reads back exactly what was rendered for hosts with owners (300 random tenant snapshots)', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const snapshot = randomTenantSnapshot(seed, 'sendmail');
      expect(parseSendmail(renderSendmail(snapshot)), `seed ${seed}`).toEqual(sendmailView(snapshot));
    }
  });

  it('describes a host with owners by its host view, the owner-%1 catch-all included', () => {
    const view = sendmailView(TENANTS);
    expect(view.accounts).toEqual(['ta-info', 'ta-joe', 'tb-joe']);
    expect(view.virtmaps[0]).toEqual({ domain: 'one.example', localPart: '', target: { kind: 'localPart', prefix: 'ta-' } });
    expect(parseVirtusertable('@one.example\tTA-%1\nx@one.example\t%1\n')).toEqual([
      { domain: 'one.example', localPart: '', target: { kind: 'localPart', prefix: 'ta-' } },
      { domain: 'one.example', localPart: 'x', target: { kind: 'localPart' } },
    ]);
  });

  it('reads back exactly what was rendered (valid random snapshots)', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const snapshot = randomSnapshot(seed, 'sendmail');
      expect(parseSendmail(renderSendmail(snapshot)), `seed ${seed}`).toEqual(sendmailView(snapshot));
    }
  });

  it('either refuses a hostile snapshot or reads it back exactly (10,000 snapshots)', () => {
    let rendered = 0;
    for (let seed = 1; seed <= 10_000; seed += 1) {
      const snapshot = hostileSnapshot(seed);
      let files;
      try {
        files = renderSendmail(snapshot);
      } catch (error) {
        if (!(error instanceof SendmailRenderError)) throw error;
        continue;
      }
      rendered += 1;
      expect(parseSendmail(files), `seed ${seed}`).toEqual(sendmailView(snapshot));
    }
    expect(rendered).toBeGreaterThan(1000);
  });

  it('reads files as the tools do: comments, continuation lines, case folding', () => {
    const maps = parseSendmail({
      'local-host-names': '# hosts\nExample.COM # ours\n\nsubhost1.com\n',
      virtusertable: '# keys\nSales@Example.com\tsales\n@subhost1.com   %1@example.com\n',
      aliases: '# aliases\nSales: joe,\n\t\\sales,\n  boss@elsewhere.example\n',
      accounts: 'joe\tjoe\n',
    });
    expect(maps).toEqual({
      domains: ['example.com', 'subhost1.com'],
      accounts: ['joe'],
      aliases: [
        {
          name: 'sales',
          targets: [
            { kind: 'account', name: 'sales' },
            { kind: 'external', address: 'boss@elsewhere.example' },
            { kind: 'local', name: 'joe' },
          ],
        },
      ],
      virtmaps: [
        { domain: 'example.com', localPart: 'sales', target: { kind: 'local', name: 'sales' } },
        { domain: 'subhost1.com', localPart: '', target: { kind: 'domainRedirect', domain: 'example.com' } },
      ],
    });
  });

  it.each([
    ['a comma list in virtusertable', { virtusertable: 'a@example.com\tjoe, jane\n' }],
    ['a key makemap would refuse (leading whitespace)', { virtusertable: ' a@example.com\tjoe\n' }],
    ['a duplicate key', { virtusertable: 'a@example.com\tjoe\na@example.com\tjane\n' }],
    ['a program target', { aliases: 'a: "|/bin/sh"\n' }],
    ['an include target', { aliases: 'a: :include:/etc/list\n' }],
    ['a duplicate alias', { aliases: 'a: joe\nA: jane\n' }],
    ['a carriage return', { aliases: 'a: joe\r\n' }],
    ['a %1 prefix that is not a tag', { virtusertable: '@example.com\ta.b-%1\n' }],
    ['%1 in the middle', { virtusertable: '@example.com\tta-%1-x\n' }],
  ])('refuses %s', (_, files) => {
    const all = { 'local-host-names': '', virtusertable: '', aliases: '', accounts: '', ...files };
    expect(() => parseSendmail(all)).toThrow(SendmailParseError);
  });
});

describe('sendmailReplyText', () => {
  it.each([
    ['No such user here', 'No such user here'],
    ["Gone, please don't write", "Gone,please don't write"],
    ['Mailbox closed.  Two  spaces', 'Mailbox closed.Two spaces'],
    ['See: www.example.com/contact, thanks - bye', 'See:www.example.com/contact,thanks - bye'],
    ['Who? Me', 'Who? Me'],
  ])('%j answers %j (measured on sendmail 8.17)', (text, reply) => {
    expect(sendmailReplyText(text)).toBe(reply);
  });
});

describe("sendmail's %3 and a name's own +detail", () => {
  it('writes them in virtusertable and aliases as sendmail reads them, and reads them back', () => {
    const s: MailSnapshot = {
      version: 1,
      host: { name: 'mail.example.net', flavor: 'sendmail' },
      domains: ['example.com', 'example.org'],
      accounts: [{ name: 'joe', passwordHash: '{SHA512-CRYPT}$6$salt$hash', quotaMb: 1 }],
      aliases: [{ name: 'lists', targets: [{ kind: 'local', name: 'joe', detail: 'lists' }] }],
      virtmaps: [
        { domain: 'example.com', localPart: 'help', target: { kind: 'local', name: 'joe', keepDetail: true } },
        { domain: 'example.com', localPart: 'news', target: { kind: 'local', name: 'joe', detail: 'news' } },
        { domain: 'example.com', localPart: 'out', target: { kind: 'external', address: 'Desk@example.net', keepDetail: true } },
        { domain: 'example.org', localPart: '', target: { kind: 'domainRedirect', domain: 'example.com', keepDetail: true } },
      ],
    };
    const files = renderSendmail(s);
    expect(files.virtusertable).toBe(
      `${H}help@example.com\tjoe%3\nnews@example.com\tjoe+news\nout@example.com\tDesk%3@example.net\n@example.org\t%1%3@example.com\n`,
    );
    expect(files.aliases).toContain('lists: joe+lists\n');
    expect(parseSendmail(files).virtmaps.map((v) => v.target)).toEqual(expect.arrayContaining(s.virtmaps.map((v) => v.target)));
    expect(parseSendmail(files).aliases).toContainEqual({ name: 'lists', targets: [{ kind: 'local', name: 'joe', detail: 'lists' }] });
  });
});
