import { describe, expect, it } from 'vitest';
import type { MailSnapshot } from './snapshot';
import { tracedFor, unprovenDomainTrace } from './told-trace';
import { describeOutcome } from './trace-summary';

// What each asker is told of one host with two customers, `ta` (one.example) and `tb` (two.example).

const HASH = '{SHA512-CRYPT}$6$salt$hash';
const host: MailSnapshot = {
  version: 2,
  host: { name: 'mail.example.test', flavor: 'sendmail' },
  domains: ['one.example', 'two.example'],
  domainOwners: { 'one.example': 'ta', 'two.example': 'tb' },
  accounts: [
    { name: 'joe', owner: 'ta', passwordHash: HASH, quotaMb: 100 },
    { name: 'bob', owner: 'tb', passwordHash: HASH, quotaMb: 100 },
  ],
  aliases: [{ name: 'fwd', owner: 'ta', targets: [{ kind: 'external', address: 'bob@two.example' }] }],
  virtmaps: [],
};

describe('tracedFor', () => {
  it.each<[string, string, ReadonlySet<string> | null, string[]]>([
    ['an operator: host-level names', 'joe@one.example', null, ['Delivered to the account ta-joe.']],
    ['the owner: its own words', 'joe@one.example', new Set(['ta']), ['Delivered to the account joe.']],
    [
      "another customer's domain: as an address elsewhere, naming nothing of it",
      'bob@two.example',
      new Set(['ta']),
      [
        "Forwarded to bob@two.example, at a domain this mail host holds for someone else: the mail stays on the host and goes where that domain's owner sends it.",
      ],
    ],
    ['its own customer sees it', 'bob@two.example', new Set(['tb']), ['Delivered to the account bob.']],
  ])('%s', (_, address, owners, expected) => {
    expect(describeOutcome(tracedFor(host, address, owners))).toEqual(expected);
  });

  it("marks a forward into another customer's domain on the host, for its author", () => {
    expect(tracedFor(host, 'fwd@one.example', new Set(['ta'])).deliveries).toEqual([
      { kind: 'external', address: 'bob@two.example', onHost: true },
    ]);
    expect(tracedFor(host, 'fwd@one.example', null).deliveries).toEqual([{ kind: 'account', name: 'tb-bob' }]);
  });
});

describe('unprovenDomainTrace', () => {
  it('refuses mail from outside first, and says why', () => {
    // An unproven domain is not in the host's snapshot: its addresses are traced as any address elsewhere.
    const traced = tracedFor(host, 'joe@new.example', null);
    expect(traced.rcpt.accepted).toBe(true);
    const told = unprovenDomainTrace(traced, 'new.example');
    expect(told.rcpt).toEqual({ accepted: false, reply: traced.rcpt.accepted ? traced.rcpt.relayDenied : undefined });
    expect(told.deliveries).toEqual([]);
    expect(told.steps[0]?.text).toMatch(/^new.example is waiting for proof of its ownership/);
  });
});
