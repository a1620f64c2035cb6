import { describe, expect, it } from 'vitest';
import { FOREIGN_DOMAINS, randomSnapshot, seededRandom } from '@/tests/support/random-snapshot';
import { probeAddresses } from '@/tests/support/probe-addresses';
import { isWildcardKey } from './names';
import { traceAddress } from './resolve';
import type { Flavor, MailSnapshot } from './snapshot';
import { checkSnapshot } from './snapshot-checks';

// The generator the differential tests use (tests/support/random-snapshot.ts): deterministic, always
// valid, and over a few hundred seeds it produces every kind of object DOMAIN.md talks about.

const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1);

describe('randomSnapshot', () => {
  it('is deterministic per seed and flavour', () => {
    expect(randomSnapshot(42, 'sendmail')).toEqual(randomSnapshot(42, 'sendmail'));
    expect(randomSnapshot(42, 'postfix').host.flavor).toBe('postfix');
    expect(randomSnapshot(42, 'sendmail')).not.toEqual(randomSnapshot(43, 'sendmail'));
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it.each<Flavor>(['sendmail', 'postfix'])('passes the write-time checks for 300 seeds (%s)', (flavor) => {
    for (const seed of SEEDS) {
      const s = randomSnapshot(seed, flavor);
      expect(checkSnapshot(s), `seed ${seed}`).toEqual([]);
      expect(s.domains.length).toBeGreaterThanOrEqual(1);
      expect(s.domains.length).toBeLessThanOrEqual(3);
      expect(s.accounts.length).toBeLessThanOrEqual(6);
      expect(s.aliases.length).toBeLessThanOrEqual(5);
      expect(s.virtmaps.length).toBeLessThanOrEqual(8);
      for (const a of s.aliases) expect(a.targets.length).toBeGreaterThanOrEqual(1);
      for (const v of s.virtmaps) expect(s.domains).toContain(v.domain);
    }
  });

  it('covers every kind of object over 300 seeds', () => {
    const seen = new Set<string>();
    for (const seed of SEEDS) for (const feature of features(randomSnapshot(seed, 'sendmail'))) seen.add(feature);
    expect([...seen].sort()).toEqual([
      '\\name',
      'alias chain',
      'alias to local-domain address',
      'catch-all',
      'detail key',
      'discard',
      'domainRedirect',
      'external alias target',
      'localPart',
      'reject 4.7.0:451',
      'reject 5.7.1:550',
      'reject nouser',
      'reject tempfail',
      'reject unknown',
      'self-reference',
      'shadowing alias',
      'virtmap chain',
      'wildcard key',
      'wildcard key for anyone',
    ]);
  });

  it("keeps sendmail's wildcard keys out of Postfix hosts", () => {
    for (const seed of SEEDS) expect(randomSnapshot(seed, 'postfix').virtmaps.filter((v) => isWildcardKey(v.localPart))).toEqual([]);
  });

  it('gives probes that every trace answers', () => {
    for (const seed of SEEDS.slice(0, 40)) {
      const s = randomSnapshot(seed, seed % 2 ? 'sendmail' : 'postfix');
      const probes = probeAddresses(s);
      expect(new Set(probes).size).toBe(probes.length);
      for (const address of probes) {
        const trace = traceAddress(s, address);
        expect(trace.rcpt.accepted || trace.deliveries.length === 0).toBe(true);
        expect(trace.steps.length).toBeGreaterThan(0);
      }
    }
  });
});

function features(s: MailSnapshot): string[] {
  const out: string[] = [];
  const aliasNames = new Set(s.aliases.map((a) => a.name));
  const accounts = new Set(s.accounts.map((a) => a.name));
  for (const a of s.aliases) {
    if (accounts.has(a.name)) out.push('shadowing alias');
    for (const t of a.targets) {
      if (t.kind === 'account') out.push('\\name');
      if (t.kind === 'discard') out.push('discard');
      if (t.kind === 'local' && t.name === a.name) out.push('self-reference');
      else if (t.kind === 'local' && aliasNames.has(t.name)) out.push('alias chain');
      if (t.kind === 'external') {
        const domain = t.address.slice(t.address.lastIndexOf('@') + 1);
        out.push(
          s.domains.includes(domain)
            ? 'alias to local-domain address'
            : FOREIGN_DOMAINS.includes(domain)
              ? 'external alias target'
              : 'other',
        );
      }
    }
  }
  for (const v of s.virtmaps) {
    if (v.localPart === '') out.push('catch-all');
    if (isWildcardKey(v.localPart)) out.push(v.localPart.startsWith('+') ? 'wildcard key for anyone' : 'wildcard key');
    else if (v.localPart.includes('+')) out.push('detail key');
    if (v.target.kind === 'reject') out.push(`reject ${v.target.code}`);
    if (v.target.kind === 'domainRedirect' || v.target.kind === 'localPart') out.push(v.target.kind);
    if (v.target.kind === 'external' && s.domains.includes(v.target.address.slice(v.target.address.lastIndexOf('@') + 1)))
      out.push('virtmap chain');
  }
  return out;
}
