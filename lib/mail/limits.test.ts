import { describe, expect, it } from 'vitest';
import { countOf, limitProblems, quotaRefusal, roomRefusal, type Countable, type Limits, type Usage } from './limits';

const room = (used: number, limit: number): Usage => ({ used, limit });

describe('roomRefusal', () => {
  it.each<[string, Countable, number, Usage, Usage, string | null]>([
    ['room for one', 'accounts', 1, room(0, 1), room(0, 1), null],
    ['the last slot', 'domains', 1, room(1, 2), room(4, 5), null],
    ["the customer's limit", 'domains', 1, room(1, 1), room(0, 50), 'Acme has reached its limit of 1 domain.'],
    ["the reseller's limit", 'domains', 1, room(0, 2), room(2, 2), 'Your reseller limit of 2 domains is reached.'],
    ["the customer's first when both are reached", 'aliases', 1, room(3, 3), room(9, 9), 'Acme has reached its limit of 3 aliases.'],
    ['several at once', 'virtmaps', 3, room(8, 10), room(0, 100), 'Acme has reached its limit of 10 virtmaps.'],
    ['several that fit exactly', 'virtmaps', 2, room(8, 10), room(98, 100), null],
    ['a reseller limit of one', 'aliases', 1, room(0, 5), room(1, 1), 'Your reseller limit of 1 alias is reached.'],
    ['one virtmap', 'virtmaps', 1, room(1, 1), room(1, 9), 'Acme has reached its limit of 1 virtmap.'],
    ['one account', 'accounts', 1, room(1, 1), room(1, 9), 'Acme has reached its limit of 1 account.'],
    ['a limit of nothing', 'accounts', 1, room(0, 0), room(0, 10), 'Acme has reached its limit of 0 accounts.'],
  ])('%s', (_, kind, adding, customer, reseller, expected) => {
    expect(roomRefusal(kind, adding, 'Acme', customer, reseller)).toBe(expected);
  });
});

describe('quotaRefusal', () => {
  it.each<[string, number, Usage, Usage, ReturnType<typeof quotaRefusal>]>([
    ['less quota than before', -100, room(900, 100), room(900, 100), null],
    ['no change', 0, room(900, 100), room(900, 100), null],
    ['within both totals', 100, room(100, 200), room(100, 1000), null],
    [
      "over the customer's total",
      200,
      room(100, 250),
      room(100, 1000),
      { message: 'That quota would take Acme over its total of 250 MiB (100 MiB in use).', quotaMb: 'At most 150 MiB more for Acme.' },
    ],
    [
      "over the customer's total, already passed",
      1,
      room(300, 250),
      room(300, 1000),
      { message: 'That quota would take Acme over its total of 250 MiB (300 MiB in use).', quotaMb: 'At most 0 MiB more for Acme.' },
    ],
    [
      "over the reseller's total",
      200,
      room(0, 1000),
      room(900, 1000),
      { message: 'That quota would take your accounts over your total of 1000 MiB.', quotaMb: 'At most 100 MiB more.' },
    ],
  ])('%s', (_, extra, customer, reseller, expected) => {
    expect(quotaRefusal(extra, 'Acme', customer, reseller)).toEqual(expected);
  });
});

describe('countOf', () => {
  it.each<[number, Countable, string]>([
    [0, 'domains', '0 domains'],
    [1, 'domains', '1 domain'],
    [2, 'domains', '2 domains'],
    [1, 'aliases', '1 alias'],
    [1, 'accounts', '1 account'],
    [1, 'virtmaps', '1 virtmap'],
    [1000, 'aliases', '1,000 aliases'],
  ])('%i %s', (n, kind, expected) => {
    expect(countOf(n, kind)).toBe(expected);
  });
});

describe('limitProblems', () => {
  const all = (n: number): Limits => ({ maxDomains: n, maxAccounts: n, maxAliases: n, maxVirtmaps: n, maxQuotaMb: n });
  it('accepts limits within the reseller and above use', () => {
    expect(limitProblems(all(5), all(5), all(5))).toEqual({});
  });
  it('refuses a limit below what is in use, in the singular for one', () => {
    expect(limitProblems({ ...all(5), maxDomains: 0, maxAliases: 1 }, { ...all(0), maxDomains: 1, maxAliases: 2 })).toEqual({
      maxDomains: ['At least 1 domain: that many are in use.'],
      maxAliases: ['At least 2 aliases: that many are in use.'],
    });
  });
  it("refuses a limit above the reseller's own", () => {
    expect(limitProblems({ ...all(5), maxAccounts: 6, maxQuotaMb: 2000 }, all(0), { ...all(5), maxAccounts: 1, maxQuotaMb: 1024 })).toEqual(
      {
        maxAccounts: ["At most 1 account: the reseller's own limit."],
        maxQuotaMb: ["At most 1,024 MiB of quota: the reseller's own limit."],
      },
    );
  });
});
