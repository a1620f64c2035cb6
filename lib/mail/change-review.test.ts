import { describe, expect, it } from 'vitest';
import { ownersReview, reviewMailChange } from './change-review';
import type { MailSnapshot } from './snapshot';

// The review of one change, as an operator gets it (everything, host-level names) and as a customer gets
// it (only what it owns can refuse the change; route changes traced on its own part; its own words).

const HASH = '{SHA512-CRYPT}$6$salt$hash';

const host = (extra: Partial<MailSnapshot> = {}): MailSnapshot => ({
  version: 2,
  host: { name: 'mail.example.test', flavor: 'sendmail' },
  domains: ['one.example', 'two.example'],
  domainOwners: { 'one.example': 'ta', 'two.example': 'tb' },
  accounts: [
    { name: 'joe', owner: 'ta', passwordHash: HASH, quotaMb: 100 },
    { name: 'bob', owner: 'tb', passwordHash: HASH, quotaMb: 100 },
  ],
  aliases: [],
  virtmaps: [],
  ...extra,
});

const base = host();
const aliasOf = (owner: string, name: string, target: string) => ({
  name,
  owner,
  targets: [target.includes('@') ? { kind: 'external' as const, address: target } : { kind: 'local' as const, name: target }],
});

describe('reviewMailChange', () => {
  it.each<[string, MailSnapshot, string[], { problems: number; warnings: number; changes: string[] }]>([
    ['no change', base, ['joe@one.example'], { problems: 0, warnings: 0, changes: [] }],
    [
      'an alias that takes the account name',
      host({ aliases: [aliasOf('ta', 'joe', 'x@elsewhere.example')] }),
      ['joe@one.example'],
      { problems: 0, warnings: 1, changes: ['joe@one.example'] },
    ],
    [
      'an alias to a name that does not exist',
      host({ aliases: [aliasOf('ta', 'team', 'ghost')] }),
      [],
      { problems: 1, warnings: 0, changes: [] },
    ],
    [
      'a new address, traced only when it is a probe',
      host({ aliases: [aliasOf('ta', 'sales', 'joe')] }),
      ['sales@one.example', 'joe@one.example'],
      { problems: 0, warnings: 0, changes: ['sales@one.example'] },
    ],
  ])('%s', (_, after, probes, expected) => {
    const review = reviewMailChange(base, after, probes);
    expect({ problems: review.problems.length, warnings: review.warnings.length, changes: review.changes.map((c) => c.address) }).toEqual(
      expected,
    );
  });

  it('tells each change in words, before and after', () => {
    const after = host({ aliases: [aliasOf('ta', 'sales', 'joe')] });
    expect(reviewMailChange(base, after, ['sales@one.example']).changes).toEqual([
      { address: 'sales@one.example', before: 'Refused at RCPT: 550 5.1.1 User unknown', after: 'Delivered to the account ta-joe.' },
    ]);
  });
});

describe('ownersReview', () => {
  const mine = new Set(['ta']);

  it("tells the owner's changes in its own words", () => {
    const after = host({ aliases: [aliasOf('ta', 'sales', 'joe')] });
    const review = reviewMailChange(base, after, ['sales@one.example'], ownersReview(base, after, mine));
    expect(review.changes).toEqual([
      { address: 'sales@one.example', before: 'Refused at RCPT: 550 5.1.1 User unknown', after: 'Delivered to the account joe.' },
    ]);
  });

  it.each<[string, MailSnapshot, MailSnapshot, { problems: string[]; changes: string[] }]>([
    [
      "refuses what the change breaks of the owner's own",
      base,
      host({ aliases: [aliasOf('ta', 'team', 'ghost')] }),
      { problems: ['The alias team sends mail to ghost, which is neither an account nor an alias.'], changes: ['team@one.example'] },
    ],
    [
      "not what it breaks of another customer's, nor traces its part",
      host({ aliases: [aliasOf('tb', 'desk', 'bob')] }),
      host({ aliases: [aliasOf('tb', 'desk', 'ghost')] }),
      { problems: [], changes: [] },
    ],
  ])('%s', (_, before, after, expected) => {
    const review = reviewMailChange(before, after, ['desk@two.example', 'team@one.example'], ownersReview(before, after, mine));
    expect({ problems: review.problems, changes: review.changes.map((c) => c.address) }).toEqual(expected);
  });

  it("warns of a forward into another customer's domain on the host, naming no one", () => {
    const after = host({ aliases: [aliasOf('ta', 'fwd', 'friend@two.example')] });
    const review = reviewMailChange(base, after, [], ownersReview(base, after, mine));
    expect(review.warnings).toEqual([
      "friend@two.example is at a domain this mail host holds for someone else: mail forwarded there never leaves the host and goes where that domain's owner sends it.",
    ]);
  });
});
