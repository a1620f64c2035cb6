// Differential tests against a real Postfix 3.7 (Debian's package, unpacked by tests/mta/install-postfix.sh
// and run privately on loopback: tests/mta/postfix-instance.ts). For each snapshot the rendered files are
// loaded, a real message is sent to every probe address, and what Postfix did (RCPT reply, where each copy
// went) is compared with (a) the behaviour DOMAIN.md describes, written out below, and (b) the resolver's
// Postfix answer, for 200 random snapshots and 200 random hosts with owners (where, besides, no copy may
// reach another customer's account: tests/support/tenancy-property.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAddress } from '@/lib/mail/resolve';
import type { AliasTarget, MailSnapshot, RejectCode, SnapshotVirtmap, VirtmapTarget } from '@/lib/mail/snapshot';
import { PERCENT1_PATTERN, PostfixRenderError, renderPostfix } from '@/lib/mailmaps/postfix';
import { parseVirtmapTarget } from '@/lib/mail/targets';
import { randomSnapshot, randomTenantSnapshot } from '@/tests/support/random-snapshot';
import { summarize } from './postfix-compare';
import { differences } from './postfix-differences';
import { PostfixInstance } from './postfix-instance';
import { probePostfix } from './postfix-probe';

let running: PostfixInstance | undefined;
let unavailable: unknown;

beforeAll(async () => {
  try {
    running = await PostfixInstance.create();
  } catch (error) {
    unavailable = error; // every test that needs Postfix fails with it (names tests/mta/install-postfix.sh)
  }
});
afterAll(async () => {
  await running?.destroy();
});

/** The private Postfix; throws the setup error in each test instead of skipping it. */
function postfixInstance(): PostfixInstance {
  if (!running) throw unavailable instanceof Error ? unavailable : new Error(`no Postfix instance: ${String(unavailable)}`);
  return running;
}

const HASH = '{SHA512-CRYPT}$6$salt$hash';
const UNKNOWN = '550 5.1.1 Recipient address rejected: User unknown in local recipient table';
const RELAY_DENIED = '550 5.7.1 Relay access denied';

function host(domains: string[], accounts: string[], aliases: Record<string, string[]>, virtmaps: Array<[string, string]>): MailSnapshot {
  const aliasTarget = (t: string): AliasTarget =>
    t === '/dev/null'
      ? { kind: 'discard' }
      : t.startsWith('\\')
        ? { kind: 'account', name: t.slice(1) }
        : t.includes('@')
          ? { kind: 'external', address: t }
          : t.includes('+')
            ? { kind: 'local', name: t.slice(0, t.indexOf('+')), detail: t.slice(t.indexOf('+') + 1) }
            : { kind: 'local', name: t };
  const virtmapTarget = (t: string): VirtmapTarget => {
    const error = /^error:(nouser|unknown|tempfail|\d\.\d+\.\d+:\d{3}) (.*)$/.exec(t);
    if (error) return { kind: 'reject', code: error[1] as RejectCode, text: error[2] ?? '' };
    // `%3` and a name's own +detail in virtusertable's words (`bob%3`, `%1%3@e`, `joe+news`).
    if (t.includes('%3') || (!t.includes('@') && t.includes('+'))) {
      const parsed = parseVirtmapTarget(t);
      if (!parsed.ok) throw new Error(parsed.problems.join(' '));
      return parsed.value;
    }
    if (t === '%1') return { kind: 'localPart' };
    if (t.startsWith('%1@')) return { kind: 'domainRedirect', domain: t.slice(3) };
    return t.includes('@') ? { kind: 'external', address: t } : { kind: 'local', name: t };
  };
  const vm = ([key, target]: [string, string]): SnapshotVirtmap => {
    const at = key.lastIndexOf('@');
    return { localPart: key.slice(0, at), domain: key.slice(at + 1), target: virtmapTarget(target) };
  };
  return {
    version: 1,
    host: { name: 'mail.panel-test.example', flavor: 'postfix' },
    domains,
    accounts: accounts.map((name) => ({ name, passwordHash: HASH, quotaMb: 100 })),
    aliases: Object.entries(aliases).map(([name, targets]) => ({ name, targets: targets.map(aliasTarget) })),
    virtmaps: virtmaps.map(vm),
  };
}

/** A scenario: real Postfix must do what `expected` says, and so must the resolver's Postfix answer. */
function scenario(name: string, snapshot: MailSnapshot, expected: Record<string, string>): void {
  describe(name, () => {
    it('real Postfix does it', async () => {
      const postfix = postfixInstance();
      await postfix.apply(snapshot);
      const answers = await probePostfix(postfix, Object.keys(expected));
      const got = Object.fromEntries(
        Object.keys(expected).map((a) => [
          a,
          summarize(answers.get(a) ?? { rcpt: { accepted: false, reply: { code: 0, status: '', text: 'no answer' } }, deliveries: [] }),
        ]),
      );
      expect(got).toEqual(expected);
    });
    it('the resolver says so', () => {
      const got = Object.fromEntries(Object.keys(expected).map((a) => [a, summarize(traceAddress(snapshot, a, 'postfix'))]));
      expect(got).toEqual(expected);
    });
  });
}

describe('DOMAIN.md rows on real Postfix', () => {
  scenario(
    'rows 1-4: virtmaps, then aliases, then accounts; catch-alls; subhosts; case',
    host(['example.com', 'subhost1.com', 'subhost2.com'], ['joe', 'jane', 'bob', 'sales'], { sales: ['joe', 'Boss@elsewhere.example'] }, [
      ['sales@example.com', 'sales'],
      ['@subhost1.com', 'bob'],
      ['joe@subhost1.com', 'joe'],
      ['webmaster@subhost1.com', 'joe'],
      ['webmaster@subhost2.com', 'jane'],
    ]),
    {
      'sales@example.com': 'accepted: account:joe, external:Boss@elsewhere.example', // the alias, not the account
      'joe@example.com': 'accepted: account:joe',
      'stranger@example.com': UNKNOWN,
      'jane@subhost1.com': 'accepted: account:bob', // the catch-all takes an account without a virtmap
      'joe@subhost1.com': 'accepted: account:joe',
      'webmaster@subhost1.com': 'accepted: account:joe',
      'webmaster@subhost2.com': 'accepted: account:jane',
      'stranger@subhost2.com': UNKNOWN,
      'JOE@SUBHOST1.COM': 'accepted: account:joe',
      'SALES@Example.COM': 'accepted: account:joe, external:Boss@elsewhere.example',
    },
  );

  // sendmail's `%3` (the +detail a key matched without) is a regexp capture on Postfix, whose hash results
  // never carry the detail (propagate_unmatched_extensions = canonical); a name's own +detail is written
  // `name+detail@localhost`, and local(8) looks the alias up without it.
  scenario(
    '%3 passes the detail on; a name with its own +detail',
    host(['example.com', 'example.org', 'example.net'], ['joe', 'bob', 'jane'], { sales: ['jane'] }, [
      ['joe@example.com', 'bob%3'],
      ['ext@example.com', 'ext%3@elsewhere.example'],
      ['news@example.com', 'joe+news'],
      ['team@example.com', 'sales+news'],
      ['exact+x@example.com', 'jane'],
      ['@example.org', '%1%3@example.com'],
      ['@example.net', '%1%3'],
      ['bob@example.net', 'joe%3'],
    ]),
    {
      'joe+news@example.com': 'accepted: account:bob+news',
      'joe@example.com': 'accepted: account:bob',
      'JOE+Tag@example.com': 'accepted: account:bob+tag',
      'ext+a@example.com': 'accepted: external:ext+a@elsewhere.example',
      'news@example.com': 'accepted: account:joe+news',
      'team@example.com': 'accepted: account:jane',
      'joe+x@example.org': 'accepted: account:bob+x',
      'exact+x@example.org': 'accepted: account:jane',
      'Ext+B@example.org': 'accepted: external:ext+B@elsewhere.example',
      'jane+y@example.net': 'accepted: account:jane+y',
      'bob+z@example.net': 'accepted: account:joe+z',
      'nosuch+z@example.net': UNKNOWN,
    },
  );

  // `%3` into a domain of this host with a key of its own for that detail: the RCPT verdict of
  // `help+foo@d` is listed (access), and a copy that reaches `x+foo@e` after RCPT (through an alias) is
  // not taken by `x@e` in cleanup (an identity line) but bounced by transport, as sendmail does.
  scenario(
    '%3 into a key with its own +detail',
    host(['example.com', 'example.org'], ['joe'], { fwd: ['x+foo@example.org', 'joe'] }, [
      ['help@example.com', 'x%3@example.org'],
      ['x+foo@example.org', 'error:nouser Gone'],
      ['x@example.org', 'joe'],
    ]),
    {
      'help+foo@example.com': '553 5.3.0 Recipient address rejected: Gone',
      'help+bar@example.com': 'accepted: account:joe',
      'help@example.com': 'accepted: account:joe',
      'fwd@example.com': 'accepted: account:joe, bounce:rejected',
    },
  );

  // An alias target with its own +detail: local(8) looks `jane+sales` up as an alias, then as `jane`; one
  // naming the alias it is in is delivered to the account (sendmail drops it), a longer loop bounces
  // (sendmail drops it too): tests/support/domain-cases.ts has sendmail's side.
  scenario(
    'alias targets with their own +detail',
    host(
      ['example.com'],
      ['joe', 'jane', 'ann'],
      { joe: ['joe+copy', 'jane'], a: ['b+x', 'ann'], b: ['a+y', 'jane'], sales: ['jane+sales'] },
      [['sales@example.com', 'sales']],
    ),
    {
      'joe@example.com': 'accepted: account:jane, account:joe+copy',
      'a@example.com': 'accepted: account:ann, account:jane, bounce:aliasLoop',
      'sales@example.com': 'accepted: account:jane+sales',
    },
  );

  // A host that ran sendmail keeps them when it moves to Postfix: Postfix's files leave them out, and the
  // resolver's Postfix answer matches nothing with them (lib/mail/flavor-rules.ts).
  scenario(
    "sendmail's wildcard keys match nothing on Postfix",
    host(['example.com', 'example.org'], ['joe', 'b', 'c', 'e', 'f', 'g'], {}, [
      ['joe++@example.com', 'b'],
      ['joe+*@example.com', 'c'],
      ['++@example.com', 'e'],
      ['+*@example.com', 'f'],
      ['@example.com', 'g'],
      ['joe+*@example.org', 'c'],
      ['+*@example.org', 'f'],
    ]),
    {
      'joe+tag@example.com': 'accepted: account:g',
      'joe+@example.com': 'accepted: account:g',
      'bob+tag@example.com': 'accepted: account:g',
      'joe+tag@example.org': 'accepted: account:joe+tag',
      'bob+tag@example.org': UNKNOWN,
    },
  );

  scenario(
    'row 5 and difference 1: +detail',
    host(['example.com', 'example.org'], ['joe', 'dave'], { list: ['dave'] }, [
      ['dave@example.com', 'dave'],
      ['joe+news@example.com', 'news@elsewhere.example'],
      ['@example.org', '%1@elsewhere.example'],
      ['ext@example.com', 'ext@elsewhere.example'],
    ]),
    {
      'dave+tag@example.com': 'accepted: account:dave', // matched by dave@: the detail is dropped, not appended
      'joe+tag@example.com': 'accepted: account:joe+tag', // no virtmap: kept for the mailbox
      'joe+news@example.com': 'accepted: external:news@elsewhere.example',
      'joe+news+x@example.com': 'accepted: account:joe+news+x',
      'Joe+tag@example.org': 'accepted: external:Joe@elsewhere.example',
      'ext+tag@example.com': 'accepted: external:ext@elsewhere.example',
      'list+x@example.com': 'accepted: account:dave',
    },
  );

  scenario(
    'row 6 and difference 7: %1 and %1@domain',
    host(['example.com', 'alias.org', 'pct.org', 'away.org'], ['joe'], { team: ['joe'] }, [
      ['@alias.org', '%1@example.com'],
      ['@pct.org', '%1'],
      ['@away.org', '%1@elsewhere.example'],
      ['support@example.com', '%1@elsewhere.example'],
    ]),
    {
      'Joe@alias.org': 'accepted: account:joe',
      'team+x@alias.org': 'accepted: account:joe',
      'stranger@alias.org': UNKNOWN, // the chain ends in an unknown name: refused at RCPT, as sendmail does
      'joe@pct.org': 'accepted: account:joe',
      'JOE+x@pct.org': 'accepted: account:joe',
      'stranger@pct.org': UNKNOWN,
      'Mixed+tag@away.org': 'accepted: external:Mixed@elsewhere.example',
      'SUPPORT+x@example.com': 'accepted: external:SUPPORT@elsewhere.example',
    },
  );

  scenario(
    'row 7 and difference 3: alias chains, self-reference, \\name, loops, addresses on local domains',
    host(
      ['example.com', 'subhost1.com'],
      ['joe', 'jane', 'sales'],
      {
        a: ['b'],
        b: ['joe'],
        joe: ['joe', 'jane'],
        sales: ['\\sales', 'team'],
        team: ['webmaster@subhost1.com'],
        boss: ['\\sales'],
        loop1: ['loop2'],
        loop2: ['loop1'],
        tobad: ['gone@subhost1.com'],
        ghost: ['stranger'],
      },
      [
        ['webmaster@subhost1.com', 'jane'],
        ['@subhost1.com', 'error:nouser Closed'],
      ],
    ),
    {
      'a@example.com': 'accepted: account:jane, account:joe',
      'joe@example.com': 'accepted: account:jane, account:joe',
      'sales@example.com': 'accepted: account:jane, account:sales', // team → webmaster@subhost1.com goes through the virtmaps
      'boss@example.com': 'accepted: account:sales', // \sales: the account, not the alias sales
      'loop1@example.com': 'accepted: bounce:aliasLoop',
      'tobad@example.com': 'accepted: bounce:rejected',
      'ghost@example.com': 'accepted: bounce:unknownUser',
      'gone@subhost1.com': '553 5.3.0 Recipient address rejected: Closed',
      'webmaster+x@subhost1.com': 'accepted: account:jane',
    },
  );

  scenario(
    'row 8 and difference 5: rejections at RCPT, through chains, and after RCPT',
    host(['example.com', 'other.org'], ['joe'], { tolater: ['later@example.com'] }, [
      ['nouser@example.com', 'error:nouser No such user here'],
      ['unknown@example.com', 'error:unknown Gone'],
      ['later@example.com', 'error:tempfail Try again later'],
      ['@other.org', 'error:unknown Nobody here'],
      ['joe@other.org', 'joe'],
      ['fwd@example.com', 'nouser@example.com'],
      ['fwd2@example.com', 'x@other.org'],
      ['joe@example.com', 'error:unknown Moved'],
      ['joe+news@example.com', 'joe'],
    ]),
    {
      'nouser@example.com': '553 5.3.0 Recipient address rejected: No such user here',
      'unknown@example.com': '550 5.1.1 Recipient address rejected: Gone',
      'later+x@example.com': '450 4.2.1 Recipient address rejected: Try again later',
      'anyone@other.org': '550 5.1.1 Recipient address rejected: Nobody here',
      'joe+tag@other.org': 'accepted: account:joe',
      'JOE@OTHER.ORG': 'accepted: account:joe',
      'fwd@example.com': '553 5.3.0 Recipient address rejected: No such user here',
      'fwd2@example.com': '550 5.1.1 Recipient address rejected: Nobody here',
      'joe+news@example.com': 'accepted: account:joe', // its own key, though joe@ is rejected
      'joe+x@example.com': '550 5.1.1 Recipient address rejected: Moved',
      'tolater@example.com': 'accepted: deferred',
    },
  );

  scenario(
    'rejections with any status and reply code: at RCPT, through chains, and after RCPT',
    host(['example.com'], ['joe'], { topolicy: ['policy@example.com'], tobusy: ['busy@example.com'] }, [
      ['policy@example.com', 'error:5.7.1:550 Not accepted here'],
      ['full@example.com', 'error:5.2.2:552 Mailbox full'],
      ['busy@example.com', 'error:4.7.0:451 Try again later'],
      ['odd@example.com', 'error:5.7.25:599 Refused'],
      ['fwd@example.com', 'policy@example.com'],
    ]),
    {
      'policy@example.com': '550 5.7.1 Recipient address rejected: Not accepted here',
      'full+x@example.com': '552 5.2.2 Recipient address rejected: Mailbox full',
      'busy@example.com': '451 4.7.0 Recipient address rejected: Try again later',
      'odd@example.com': '599 5.7.25 Recipient address rejected: Refused',
      'fwd@example.com': '550 5.7.1 Recipient address rejected: Not accepted here',
      'topolicy@example.com': 'accepted: bounce:rejected',
      'tobusy@example.com': 'accepted: deferred',
    },
  );

  scenario(
    "an alias's /dev/null: the copy is accepted and thrown away, the alias's other targets still get theirs",
    host(['example.com'], ['joe'], { junk: ['/dev/null'], keep: ['joe', '/dev/null'] }, [['trash@example.com', 'junk']]),
    {
      'junk@example.com': 'accepted: discard',
      'trash@example.com': 'accepted: discard',
      'keep@example.com': 'accepted: account:joe, discard',
    },
  );

  scenario(
    'row 9 and difference 8: a virtmap loop is refused at RCPT',
    host(['example.com'], ['joe'], {}, [
      ['a@example.com', 'b@example.com'],
      ['b@example.com', 'a@example.com'],
    ]),
    {
      'a@example.com': '554 5.0.0 Recipient address rejected: Virtual alias loop',
      'joe@example.com': 'accepted: account:joe',
    },
  );

  scenario(
    'difference 2 and relaying: keys of a domain the host does not hold are not used',
    host(['example.com'], ['joe'], {}, [['x@notours.example', 'joe']]),
    {
      'x@notours.example': `relay (${RELAY_DENIED}): external:x@notours.example`,
      'joe@elsewhere.example': `relay (${RELAY_DENIED}): external:joe@elsewhere.example`,
    },
  );

  it("refuses the renderer's internal addresses over SMTP (no alias bypass from outside)", async () => {
    const postfix = postfixInstance();
    await postfix.apply(host(['example.com'], ['joe'], { joe: ['joe', 'x@elsewhere.example'] }, []));
    const answers = await probePostfix(postfix, ['joe@account.mailpanel.invalid', 'joe@example.com.reinject.mailpanel.invalid']);
    for (const answer of answers.values()) expect(summarize(answer)).toBe('550 5.1.2 Recipient address rejected: Internal address');
  });

  it('differences 4 and 6: a second target or a duplicate is never written', () => {
    const base = host(['example.com'], ['joe'], {}, []);
    expect(() => renderPostfix(host(['example.com'], ['joe'], {}, [['a@example.com', 'x@elsewhere.example,y@elsewhere.example']]))).toThrow(
      PostfixRenderError,
    );
    expect(() =>
      renderPostfix({
        ...base,
        aliases: [
          { name: 'a', targets: [{ kind: 'local', name: 'joe' }] },
          { name: 'a', targets: [{ kind: 'local', name: 'joe' }] },
        ],
      }),
    ).toThrow(PostfixRenderError);
    expect(() =>
      renderPostfix({
        ...base,
        virtmaps: [...Array(2)].map(() => ({ domain: 'example.com', localPart: 'a', target: { kind: 'local', name: 'joe' } as const })),
      }),
    ).toThrow(PostfixRenderError);
  });
});

// Two customers on one host (snapshot version 2, lib/mail/tenancy.ts), both with `info` and `joe`: ta's
// domain has no catch-all (its names answer there, and only its names), tb's has one, tc has a domain and
// no names. Every address reaches its own customer's mailbox, the host's postmaster/abuse, or is refused.
const TENANTS: MailSnapshot = {
  version: 2,
  host: { name: 'mail.panel-test.example', flavor: 'postfix' },
  domains: ['one.example', 'two.example', 'three.example'],
  domainOwners: { 'one.example': 'ta', 'two.example': 'tb', 'three.example': 'tc' },
  accounts: [
    ['ta', 'joe'],
    ['ta', 'info'],
    ['tb', 'joe'],
    ['tb', 'info'],
    ['tb', 'bob'],
  ].map(([owner, name]) => ({ owner, name: name ?? '', passwordHash: HASH, quotaMb: 100 })),
  aliases: [
    {
      owner: 'ta',
      name: 'sales',
      targets: [
        { kind: 'local', name: 'joe' },
        { kind: 'account', name: 'info' },
      ],
    },
  ],
  virtmaps: [
    { domain: 'two.example', localPart: '', target: { kind: 'local', name: 'bob' } },
    { domain: 'two.example', localPart: 'joe', target: { kind: 'local', name: 'joe' } },
    { domain: 'one.example', localPart: 'team', target: { kind: 'localPart' } }, // ta's own `%1`: ta-team, unknown
    { domain: 'one.example', localPart: 'info+x', target: { kind: 'localPart' } }, // ta-info, detail x
  ],
};

describe('tenancy on real Postfix', () => {
  scenario('two customers with the same names, a catch-all on one domain, a domain without names', TENANTS, {
    'joe@one.example': 'accepted: account:ta-joe',
    'info@one.example': 'accepted: account:ta-info',
    'JOE@ONE.EXAMPLE': 'accepted: account:ta-joe',
    'Joe+News@one.example': 'accepted: account:ta-joe', // sendmail's %1 drops the detail: so does `@d → @tag…`
    'info+x@one.example': 'accepted: account:ta-info+x',
    'INFO+X@one.example': 'accepted: account:ta-info+x',
    'sales@one.example': 'accepted: account:ta-info, account:ta-joe',
    'team@one.example': UNKNOWN,
    'stranger@one.example': UNKNOWN,
    'bob@one.example': UNKNOWN, // tb's name
    'ta-joe@one.example': UNKNOWN, // would be ta-ta-joe
    'tb-joe@one.example': UNKNOWN,
    'postmaster@one.example': 'accepted: host:postmaster',
    'Postmaster+x@one.example': 'accepted: host:postmaster',
    'abuse@one.example': 'accepted: host:abuse',
    'joe@two.example': 'accepted: account:tb-joe',
    'JOE+x@TWO.EXAMPLE': 'accepted: account:tb-joe',
    'info@two.example': 'accepted: account:tb-bob', // the catch-all takes tb's own info too (row 2)
    'stranger@two.example': 'accepted: account:tb-bob',
    'ta-joe@two.example': 'accepted: account:tb-bob',
    'postmaster@two.example': 'accepted: host:postmaster', // no catch-all takes it
    'abuse@two.example': 'accepted: host:abuse',
    'joe@three.example': UNKNOWN,
    'info@three.example': UNKNOWN,
    'Joe+x@three.example': UNKNOWN,
    'ta-joe@three.example': UNKNOWN,
    'postmaster@three.example': 'accepted: host:postmaster',
    'ABUSE@three.example': 'accepted: host:abuse',
    'ta-joe@localhost': 'accepted: account:ta-joe', // the host itself: host-level names
    'joe@localhost': UNKNOWN,
  });

  it('keeps the fall-through out of virtual.regexp: a hash line per domain, one rule for every customer', () => {
    const files = renderPostfix(TENANTS);
    expect(files['virtual.regexp']).toMatch(/if \/@one\\.example\$\//); // domains are written so: one.example's block
    expect(files['virtual.regexp']).not.toMatch(/three\\.example/); // nothing but the fall-through there
    expect(files['virtual.regexp']).not.toContain(`/^${PERCENT1_PATTERN}@one`); // only one.example's %1 keys
    expect(files.virtual).toContain('@one.example\t@ta.tenant.mailpanel.invalid\n');
    expect(files.virtual).toContain('@three.example\t@tc.tenant.mailpanel.invalid\n');
  });
});

describe('200 random snapshots: the resolver answers as real Postfix does, for every probe address', () => {
  const seeds = Array.from({ length: 200 }, (_, i) => i + 1);
  it.each(seeds)('seed %i', async (seed) => {
    const snapshot = randomSnapshot(seed, 'postfix');
    const { probes, found } = await differences(postfixInstance(), snapshot, false);
    const shown = JSON.stringify({ ...snapshot, accounts: snapshot.accounts.map((a) => a.name) });
    expect(found, `seed ${seed}: ${found.length} of ${probes} probes differ; snapshot ${shown}`).toEqual([]);
  });
});

const RANDOM_TENANT_SNAPSHOTS = 200;

describe(`${RANDOM_TENANT_SNAPSHOTS} random hosts with owners: the resolver answers as real Postfix does, and no copy crosses customers`, () => {
  const seeds = Array.from({ length: RANDOM_TENANT_SNAPSHOTS }, (_, i) => i + 1);
  it.each(seeds)('seed %i', async (seed) => {
    const snapshot = randomTenantSnapshot(seed, 'postfix');
    const { probes, found } = await differences(postfixInstance(), snapshot, true);
    const shown = JSON.stringify({ ...snapshot, accounts: snapshot.accounts.map((a) => `${a.owner}:${a.name}`) });
    expect(found, `seed ${seed}: ${found.length} of ${probes} probes differ; snapshot ${shown}`).toEqual([]);
  });
});
