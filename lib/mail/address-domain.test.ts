import { describe, expect, it } from 'vitest';
import { suggestAddressDomain, type AddressDomainCandidate } from './address-domain';

const d = (id: string, extra: Partial<AddressDomainCandidate> = {}): AddressDomainCandidate => ({
  id,
  name: `${id}.example`,
  verified: true,
  forwardsAll: false,
  localAddresses: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('suggestAddressDomain', () => {
  it.each<[string, AddressDomainCandidate[], string]>([
    ['no domains: no address', [], ''],
    ['skips a %1 redirect domain even when it sorts first', [d('aaa-redirect', { forwardsAll: true }), d('shop')], 'shop'],
    ['only forwarding domains: no address', [d('old', { forwardsAll: true })], ''],
    ['a domain that takes mail before one waiting for proof', [d('new', { verified: false, localAddresses: 9 }), d('live')], 'live'],
    ['the most used for mailboxes', [d('a', { localAddresses: 1 }), d('b', { localAddresses: 5 })], 'b'],
    ['then the first created', [d('a', { createdAt: '2026-03-01T00:00:00.000Z' }), d('z', { createdAt: '2025-01-01T00:00:00.000Z' })], 'z'],
    ['then by name', [d('m'), d('b')], 'b'],
  ])('%s', (_case, domains, expected) => {
    expect(suggestAddressDomain(domains)).toBe(expected);
  });
});
