// Hand-written scenarios for every row of DOMAIN.md's sendmail precedence list (1-9) and its +detail
// order, each with the outcome DOMAIN.md states. tests/mta/sendmail.test.ts checks each expectation
// against real sendmail (on the rendered files) and against the resolver.
import type { MailSnapshot, SnapshotAlias, SnapshotVirtmap, VirtmapTarget } from '@/lib/mail/snapshot';
import type { Comparable } from './sendmail-answer';

export interface Scenario {
  row: string;
  title: string;
  snapshot: MailSnapshot;
  /**
   * Files to publish instead of rendering the snapshot: for keys the renderer refuses to write because
   * the panel does not offer them (`user+*`, `++`), which DOMAIN.md's +detail order still describes.
   */
  rawVirtusertable?: boolean;
  cases: { address: string; expect: Comparable }[];
}

const ACCEPTED = 'accepted';
const RELAYED = 'accepted (relay; a stranger gets 550 5.7.1 Relaying denied)';
const to = (...deliveries: string[]): Comparable => ({ rcpt: ACCEPTED, deliveries: [...deliveries].sort() });
const refused = (reply: string): Comparable => ({ rcpt: `refused ${reply}`, deliveries: [] });
const relayed = (address: string): Comparable => ({ rcpt: RELAYED, deliveries: [`external ${address}`] });

function snapshot(parts: {
  domains: string[];
  accounts?: string[];
  aliases?: Record<string, string[]>;
  virtmaps?: [string, VirtmapTarget][];
}): MailSnapshot {
  const aliases: SnapshotAlias[] = Object.entries(parts.aliases ?? {}).map(([name, targets]) => ({
    name,
    targets: targets.map((t) =>
      t.startsWith('\\')
        ? { kind: 'account', name: t.slice(1) }
        : t.includes('@')
          ? { kind: 'external', address: t }
          : { kind: 'local', name: t },
    ),
  }));
  const virtmaps: SnapshotVirtmap[] = (parts.virtmaps ?? []).map(([key, target]) => {
    const at = key.lastIndexOf('@');
    return { localPart: key.slice(0, at), domain: key.slice(at + 1), target };
  });
  return {
    version: 1,
    host: { name: 'mail.mailpanel.test', flavor: 'sendmail' },
    domains: parts.domains,
    accounts: (parts.accounts ?? []).map((name) => ({ name, passwordHash: '{SHA512-CRYPT}$6$x$y', quotaMb: 100 })),
    aliases,
    virtmaps,
  };
}

const local = (name: string): VirtmapTarget => ({ kind: 'local', name });
const external = (address: string): VirtmapTarget => ({ kind: 'external', address });

/** DOMAIN.md row 5: each level's domain holds its key and every key after it in the order. */
const DETAIL_ORDER = ['joe+tag', 'joe++', 'joe+*', 'joe', '++', '+*', ''];
const detailDomain = (level: number) => `level${level}.example.com`;

export const SCENARIOS: Scenario[] = [
  {
    row: '1',
    title: 'virtmaps first, then aliases, then accounts; an alias wins over an account of the same name',
    snapshot: snapshot({
      domains: ['example.com'],
      accounts: ['sales', 'joe', 'jane', 'bob'],
      aliases: { sales: ['jane'], team: ['sales', '\\bob'] },
      virtmaps: [
        ['sales@example.com', local('sales')],
        ['info@example.com', local('team')],
      ],
    }),
    cases: [
      { address: 'sales@example.com', expect: to('account jane') },
      { address: 'info@example.com', expect: to('account jane', 'account bob') },
      { address: 'team@example.com', expect: to('account jane', 'account bob') },
      { address: 'joe@example.com', expect: to('account joe') },
    ],
  },
  {
    row: '2',
    title: 'a catch-all takes every local part without its own virtmap, accounts included',
    snapshot: snapshot({
      domains: ['subhost1.com', 'subhost2.com'],
      accounts: ['joe', 'jane', 'bob'],
      virtmaps: [
        ['@subhost1.com', local('bob')],
        ['jane@subhost1.com', local('jane')],
      ],
    }),
    cases: [
      { address: 'joe@subhost1.com', expect: to('account bob') },
      { address: 'jane@subhost1.com', expect: to('account jane') },
      { address: 'anyone@subhost1.com', expect: to('account bob') },
      { address: 'joe@subhost2.com', expect: to('account joe') },
      { address: 'nosuch@subhost2.com', expect: refused('550 5.1.1 User unknown') },
    ],
  },
  {
    row: '3',
    title: 'the same local part on different subhosts routes independently',
    snapshot: snapshot({
      domains: ['example.com', 'subhost1.com', 'subhost2.com'],
      accounts: ['joe', 'jane'],
      virtmaps: [
        ['webmaster@subhost1.com', local('joe')],
        ['webmaster@subhost2.com', local('jane')],
      ],
    }),
    cases: [
      { address: 'webmaster@subhost1.com', expect: to('account joe') },
      { address: 'webmaster@subhost2.com', expect: to('account jane') },
      { address: 'webmaster@example.com', expect: refused('550 5.1.1 User unknown') },
    ],
  },
  {
    row: '4',
    title: 'domains, virtmap keys, alias and account names match case-insensitively',
    snapshot: snapshot({
      domains: ['example.com', 'subhost1.com'],
      accounts: ['joe', 'jane'],
      aliases: { sales: ['jane'] },
      virtmaps: [['webmaster@subhost1.com', local('joe')]],
    }),
    cases: [
      { address: 'JOE@EXAMPLE.COM', expect: to('account joe') },
      { address: 'Joe@Example.Com', expect: to('account joe') },
      { address: 'SALES@example.com', expect: to('account jane') },
      { address: 'WebMaster@SubHost1.COM', expect: to('account joe') },
    ],
  },
  {
    row: '5',
    title: '+detail: user+detail, user++, user+*, user, ++, +*, then @d; user@d drops the detail',
    rawVirtusertable: true,
    snapshot: snapshot({
      domains: ['example.com', ...DETAIL_ORDER.map((_, i) => detailDomain(i + 1))],
      accounts: ['joe'],
      virtmaps: DETAIL_ORDER.flatMap((_, i) =>
        DETAIL_ORDER.slice(i).map((key, j): [string, VirtmapTarget] => [
          `${key}@${detailDomain(i + 1)}`,
          external(`level${i + j + 1}@elsewhere.example`),
        ]),
      ),
    }),
    cases: [
      ...DETAIL_ORDER.map((_, i) => ({
        address: `joe+tag@${detailDomain(i + 1)}`,
        expect: to(`external level${i + 1}@elsewhere.example`),
      })),
      // An empty detail skips user++ and ++ (they need a detail).
      { address: `joe+@${detailDomain(2)}`, expect: to('external level3@elsewhere.example') },
      { address: `joe+@${detailDomain(5)}`, expect: to('external level6@elsewhere.example') },
      // Without a virtmap the detail stays for local delivery.
      { address: 'joe+tag@example.com', expect: to('account joe +tag') },
    ],
  },
  {
    row: '6',
    title: '%1 in a catch-all is the local part as sent, case kept, +detail dropped',
    snapshot: snapshot({
      domains: ['example.com', 'subhost1.com'],
      accounts: ['joe'],
      virtmaps: [
        ['@example.com', { kind: 'domainRedirect', domain: 'other.example' }],
        ['@subhost1.com', { kind: 'localPart' }],
      ],
    }),
    cases: [
      { address: 'Joe.Smith+tag@example.com', expect: to('external Joe.Smith@other.example') },
      { address: 'joe+x@subhost1.com', expect: to('account joe') },
      { address: 'JOE@subhost1.com', expect: to('account joe') },
      { address: 'nosuch@subhost1.com', expect: refused('550 5.1.1 User unknown') },
    ],
  },
  {
    row: '7',
    title: 'alias chains end at accounts; a self-reference keeps a copy; a loop bounces; local-domain targets see the virtmaps',
    snapshot: snapshot({
      domains: ['example.com', 'subhost1.com'],
      accounts: ['joe', 'jane', 'bob'],
      aliases: {
        joe: ['joe', 'jane'],
        chain1: ['chain2'],
        chain2: ['chain3'],
        chain3: ['bob'],
        l1: ['l2'],
        l2: ['l1'],
        fwd: ['webmaster@subhost1.com'],
      },
      virtmaps: [['webmaster@subhost1.com', local('bob')]],
    }),
    cases: [
      { address: 'joe@example.com', expect: to('account joe', 'account jane') },
      { address: 'chain1@example.com', expect: to('account bob') },
      { address: 'l1@example.com', expect: to('bounce aliasLoop') },
      { address: 'fwd@example.com', expect: to('account bob') },
    ],
  },
  {
    row: '8',
    title: 'rejections at RCPT with their codes; through an alias, accepted and bounced (or deferred) later',
    snapshot: snapshot({
      domains: ['example.com'],
      accounts: ['joe'],
      aliases: { old: ['gone@example.com'], ghost: ['nosuch'], mixed: ['gone@example.com', 'joe'], wait: ['later@example.com'] },
      virtmaps: [
        ['gone@example.com', { kind: 'reject', code: 'nouser', text: 'No such person here' }],
        ['moved@example.com', { kind: 'reject', code: 'unknown', text: 'Moved away' }],
        ['later@example.com', { kind: 'reject', code: 'tempfail', text: 'Try again later' }],
        ['sorry@example.com', { kind: 'reject', code: 'nouser', text: "Gone, please don't write" }],
      ],
    }),
    cases: [
      { address: 'gone@example.com', expect: refused('553 5.3.0 No such person here') },
      { address: 'moved@example.com', expect: refused('550 5.1.1 Moved away') },
      { address: 'later@example.com', expect: refused('450 4.2.1 Try again later') },
      // sendmail re-tokenises the text: the space after "," goes (lib/mailmaps/sendmail.ts, sendmailReplyText).
      { address: 'sorry@example.com', expect: refused("553 5.3.0 Gone,please don't write") },
      { address: 'old@example.com', expect: to('bounce rejected gone@example.com "No such person here"') },
      { address: 'mixed@example.com', expect: to('bounce rejected gone@example.com "No such person here"', 'account joe') },
      // A temporary one waits in the queue (and is retried) instead.
      { address: 'wait@example.com', expect: to('deferred later@example.com') },
      { address: 'ghost@example.com', expect: to('bounce unknownUser nosuch') },
    ],
  },
  {
    row: '9',
    title: 'a virtmap loop fails with 554 5.0.0 rewrite: excessive recursion',
    snapshot: snapshot({
      domains: ['example.com'],
      aliases: { via: ['a@example.com'] },
      virtmaps: [
        ['a@example.com', external('b@example.com')],
        ['b@example.com', external('a@example.com')],
      ],
    }),
    cases: [
      // DOMAIN.md abbreviates it; sendmail 8.17 answers the whole sentence.
      { address: 'a@example.com', expect: refused('554 5.0.0 rewrite: excessive recursion (max 50), ruleset canonify') },
      { address: 'via@example.com', expect: to('bounce virtmapLoop a@example.com') },
    ],
  },
  {
    row: 'domains',
    title: 'only the host’s domains are local: others are relayed, even if a virtmap names them; reserved names are the host’s',
    snapshot: snapshot({
      domains: ['example.com'],
      accounts: ['joe'],
      virtmaps: [['joe@other.example', local('joe')]],
    }),
    cases: [
      { address: 'joe@other.example', expect: relayed('joe@other.example') },
      { address: 'Someone@OTHER.EXAMPLE', expect: relayed('Someone@other.example') },
      { address: 'postmaster@example.com', expect: to('host postmaster') },
    ],
  },
];

/** virtusertable text for a snapshot without the renderer's checks (for keys the panel does not offer). */
export function rawVirtusertable(s: MailSnapshot): string {
  const target = (t: VirtmapTarget): string => {
    if (t.kind === 'local') return t.name;
    if (t.kind === 'external') return t.address;
    throw new Error(`raw virtusertable: ${t.kind} not needed`);
  };
  return s.virtmaps.map((v) => `${v.localPart}@${v.domain}\t${target(v.target)}\n`).join('');
}
