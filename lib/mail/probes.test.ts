import { describe, expect, it } from 'vitest';
import { probeAddresses } from '@/tests/support/probe-addresses';
import { changeProbes, freshName, type ChangeProbeAsk } from './probes';
import { buildSnapshot } from './snapshot-builder';

describe('probeAddresses', () => {
  const s = buildSnapshot({
    domains: ['example.com'],
    accounts: ['joe'],
    aliases: { sales: ['joe', 'x@elsewhere.example'] },
    virtmaps: { 'webmaster@example.com': 'joe', 'joe+news@example.com': 'sales', '@example.com': 'joe', 'postmaster@example.com': 'joe' },
  });

  it('lists names, keys, an unknown name, case and detail variants, and foreign addresses', () => {
    expect(probeAddresses(s)).toEqual([
      'JOE+NEWS@EXAMPLE.COM',
      'JOE+Probe@example.com',
      'JOE@EXAMPLE.COM',
      'NOBODY-HERE+Probe@example.com',
      'NOBODY-HERE@EXAMPLE.COM',
      'SALES+Probe@example.com',
      'SALES@EXAMPLE.COM',
      'WEBMASTER+Probe@example.com',
      'WEBMASTER@EXAMPLE.COM',
      'joe+news@example.com',
      'joe+probe@example.com',
      'joe@elsewhere.example',
      'joe@example.com',
      'nobody-here+probe@example.com',
      'nobody-here@example.com',
      'sales+probe@example.com',
      'sales@elsewhere.example',
      'sales@example.com',
      'webmaster+probe@example.com',
      'webmaster@example.com',
      'x@elsewhere.example',
    ]);
  });

  it('leaves out reserved names and can leave out variants', () => {
    expect(probeAddresses(s).some((p) => p.toLowerCase().startsWith('postmaster'))).toBe(false);
    expect(probeAddresses(s, { upperCase: false, details: false })).toEqual([
      'joe+news@example.com',
      'joe@elsewhere.example',
      'joe@example.com',
      'nobody-here@example.com',
      'sales@elsewhere.example',
      'sales@example.com',
      'webmaster@example.com',
      'x@elsewhere.example',
    ]);
  });

  it('finds a fresh name', () => {
    expect(freshName(buildSnapshot({ domains: ['example.com'], accounts: ['nobody-here', 'nobody-here2'] }))).toBe('nobody-here3');
  });

  it("finds a fresh name that no account, alias or address's local part is called", () => {
    const s = buildSnapshot({
      domains: ['example.com'],
      accounts: ['joe', 'nobody-here10'],
      aliases: { 'nobody-here2': ['joe'] },
      virtmaps: { 'nobody-here@example.com': 'joe', 'nobody-here3@example.com': 'joe', 'nobody-here4x@example.com': 'joe' },
    });
    expect(freshName(s)).toBe('nobody-here4');
    // The names given instead of the snapshot's (a caller that knows them), with the snapshot's local parts.
    expect(freshName(s, new Set(['nobody-here2', 'nobody-here4', 'nobody-here5']))).toBe('nobody-here6');
  });
});

describe('changeProbes', () => {
  it.each<[string, ChangeProbeAsk, string[]]>([
    ['a name at each domain, in their order', { locals: ['joe'], domains: ['b.example', 'a.example'] }, ['joe@b.example', 'joe@a.example']],
    ['no domain, no address', { locals: ['joe'], domains: [] }, []],
    [
      'names sorted (not addresses), once each, without the catch-all key',
      { locals: ['sales', '', 'joe', 'sales', 'joe+news'], domains: ['example.com'] },
      ['joe@example.com', 'joe+news@example.com', 'sales@example.com'],
    ],
    [
      'with a name for any other address',
      { locals: ['joe'], domains: ['example.com'], anyOther: true },
      ['joe@example.com', 'nobody-here@example.com'],
    ],
    [
      "any other, when nobody-here is someone's name",
      { locals: ['nobody-here', 'nobody-here2', ''], domains: ['example.com'], anyOther: true },
      ['nobody-here@example.com', 'nobody-here2@example.com', 'nobody-here3@example.com'],
    ],
    [
      "sendmail's wildcard keys as addresses they take",
      { locals: ['joe+*', 'joe++', '+*', 'joe'], domains: ['example.com'] },
      ['joe@example.com', 'joe+detail@example.com', 'nobody-here+detail@example.com'],
    ],
  ])('%s', (_, ask, expected) => {
    expect(changeProbes(ask)).toEqual(expected);
  });
});
