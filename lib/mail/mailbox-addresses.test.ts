import { describe, expect, it } from 'vitest';
import { addressesReaching, candidateAddresses, soleMailbox } from './mailbox-addresses';
import type { MailSnapshot } from './snapshot';

// Two customers on one host, both with `joe`: ta's joe has a second address and shares team@ with jane;
// tb's domain sends everything to bob with a catch-all.
const HASH = '{SHA512-CRYPT}$6$salt$hash';
const host: MailSnapshot = {
  version: 2,
  host: { name: 'mail.example.test', flavor: 'sendmail' },
  domains: ['one.example', 'two.example'],
  domainOwners: { 'one.example': 'ta', 'two.example': 'tb' },
  accounts: [
    { name: 'joe', owner: 'ta', passwordHash: HASH, quotaMb: 100 },
    { name: 'jane', owner: 'ta', passwordHash: HASH, quotaMb: 100 },
    { name: 'joe', owner: 'tb', passwordHash: HASH, quotaMb: 100 },
    { name: 'bob', owner: 'tb', passwordHash: HASH, quotaMb: 100 },
  ],
  aliases: [
    {
      name: 'team',
      owner: 'ta',
      targets: [
        { kind: 'local', name: 'joe' },
        { kind: 'local', name: 'jane' },
      ],
    },
    {
      name: 'copy',
      owner: 'ta',
      targets: [
        { kind: 'local', name: 'joe' },
        { kind: 'external', address: 'x@example.net' },
      ],
    },
  ],
  virtmaps: [
    { domain: 'one.example', localPart: 'webmaster', target: { kind: 'local', name: 'joe' } },
    { domain: 'two.example', localPart: '', target: { kind: 'local', name: 'bob' } },
  ],
};

describe('soleMailbox', () => {
  it.each([
    ['joe@one.example', 'ta-joe'],
    ['JOE@one.example', 'ta-joe'],
    ['webmaster@one.example', 'ta-joe'],
    ['copy@one.example', 'ta-joe'],
    ['team@one.example', null],
    ['nobody@one.example', null],
    ['joe@two.example', 'tb-bob'],
    ['joe@elsewhere.example', null],
    ['not an address', null],
  ])('%s → %s', (address, expected) => {
    expect(soleMailbox(host, address)).toBe(expected);
  });
});

describe('addressesReaching', () => {
  it("lists the addresses of one customer's mailbox, a shared or copied one included, never another customer's", () => {
    expect(addressesReaching(host, 'ta', 'joe')).toEqual([
      'copy@one.example',
      'joe@one.example',
      'team@one.example',
      'webmaster@one.example',
    ]);
    expect(addressesReaching(host, 'ta', 'jane')).toEqual(['jane@one.example', 'team@one.example']);
    // tb's joe takes nothing: the catch-all sends all of two.example to bob.
    expect(addressesReaching(host, 'tb', 'joe')).toEqual([]);
  });

  it("tries only the owner's domains", () => {
    expect(candidateAddresses(host, 'tb')).toEqual(['bob@two.example', 'joe@two.example']);
  });
});
