import { describe, expect, it } from 'vitest';
import { newForwardsIntoHost } from './local-forwards';
import type { MailSnapshot } from './snapshot';

const host = (extra: Partial<MailSnapshot>): MailSnapshot => ({
  version: 2,
  host: { name: 'mx.example.test', flavor: 'sendmail' },
  domains: ['mine.example', 'gmail.com'],
  domainOwners: { 'mine.example': 'me', 'gmail.com': 'them' },
  accounts: [],
  aliases: [],
  virtmaps: [],
  ...extra,
});

describe('newForwardsIntoHost', () => {
  const before = host({});
  it.each<[string, Partial<MailSnapshot>, string[]]>([
    [
      "an alias to an address at another customer's domain",
      { aliases: [{ name: 'a', owner: 'me', targets: [{ kind: 'external', address: 'friend@gmail.com' }] }] },
      ['friend@gmail.com'],
    ],
    [
      'a virtmap to one',
      { virtmaps: [{ domain: 'mine.example', localPart: 'x', target: { kind: 'external', address: 'friend@GMAIL.com' } }] },
      ['friend@GMAIL.com'],
    ],
    [
      'a %1 redirect onto one',
      { virtmaps: [{ domain: 'mine.example', localPart: '', target: { kind: 'domainRedirect', domain: 'gmail.com' } }] },
      ['%1@gmail.com'],
    ],
    [
      "an address at one of one's own domains",
      { aliases: [{ name: 'a', owner: 'me', targets: [{ kind: 'external', address: 'x@mine.example' }] }] },
      [],
    ],
    ['an address elsewhere', { aliases: [{ name: 'a', owner: 'me', targets: [{ kind: 'external', address: 'x@yahoo.example' }] }] }, []],
    [
      "another customer's own forward",
      { aliases: [{ name: 'a', owner: 'them', targets: [{ kind: 'external', address: 'x@gmail.com' }] }] },
      [],
    ],
  ])('%s', (_, change, expected) => {
    expect(newForwardsIntoHost(before, host(change), new Set(['me']))).toEqual(expected);
  });

  it('names only what the change adds', () => {
    const had = host({ aliases: [{ name: 'a', owner: 'me', targets: [{ kind: 'external', address: 'friend@gmail.com' }] }] });
    expect(newForwardsIntoHost(had, had, new Set(['me']))).toEqual([]);
  });
});
