import { describe, expect, it } from 'vitest';
import { isSafeDomain, isSafeExternalAddress, isSafeName, isSafeVirtmapLocalPart } from '@/lib/mailmaps/common';
import { gluedHostile as hostile } from '@/tests/support/hostile-strings';
import { seededRandom } from '@/tests/support/random-snapshot';
import { normalizeDomainName } from './domain-name';
import { normalizeAccountName, normalizeAliasName, normalizeVirtmapLocalPart } from './names';
import type { Checked } from './checked';
import { normalizeExternalAddress, normalizeRejectText, parseAliasTarget, parseVirtmapTarget } from './targets';

// 10,000+ hostile strings through every validation rule: each is either refused with sentences a user can
// act on, or accepted as a value that the database CHECKs and the renderers' own safety checks accept,
// that normalises to itself again, and that contains nothing a map file could read as structure.

const STRUCTURE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\s,;:#"\\|()<>[\]`$!]/u;

function check<T>(result: Checked<T>, accepted: (value: T) => void): 'accepted' | 'refused' {
  if (!result.ok) {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) expect(p).toMatch(/^[^\n]{10,300}$/);
    return 'refused';
  }
  accepted(result.value);
  return 'accepted';
}

describe('validation under hostile input', () => {
  const inputs = (() => {
    const next = seededRandom(20260101);
    return Array.from({ length: 10_000 }, () => hostile(next));
  })();

  it('covers 10,000 inputs, refusing most and accepting some', () => {
    const counts = { accepted: 0, refused: 0 };
    for (const input of inputs) {
      counts[
        check(normalizeAccountName(input), (v) => {
          expect(v).toMatch(/^[a-z0-9][a-z0-9._-]{0,63}$/);
          expect(isSafeName(v)).toBe(true);
          expect(normalizeAccountName(v)).toEqual({ ok: true, value: v });
        })
      ] += 1;
      check(normalizeAliasName(input), (v) => expect(isSafeName(v)).toBe(true));
      check(normalizeVirtmapLocalPart(input), (v) => {
        expect(v === '' || /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/.test(v)).toBe(true);
        expect(isSafeVirtmapLocalPart(v)).toBe(true);
        expect(normalizeVirtmapLocalPart(v)).toEqual({ ok: true, value: v });
      });
      check(normalizeDomainName(input), (v) => expect(isSafeDomain(v)).toBe(true));
      check(normalizeExternalAddress(input), (v) => {
        expect(isSafeExternalAddress(v)).toBe(true);
        expect(v).not.toMatch(STRUCTURE);
        expect(normalizeExternalAddress(v)).toEqual({ ok: true, value: v });
      });
      check(normalizeRejectText(input), (v) => {
        expect(v).toMatch(/^[A-Za-z][ -~]*$/);
        expect(v).not.toMatch(/[()"\\<>%$#:;@!/[\]+\t\r\n]/);
        expect(normalizeRejectText(v)).toEqual({ ok: true, value: v });
      });
      check(parseAliasTarget(input), (t) => {
        if (t.kind === 'discard') return expect(input.trim()).toBe('/dev/null');
        const text = t.kind === 'external' ? t.address : t.name;
        expect(text).not.toMatch(STRUCTURE);
        expect(text.startsWith('|') || text.startsWith('/') || text.toLowerCase().startsWith(':include:')).toBe(false);
      });
      check(parseVirtmapTarget(input), (t) => {
        if (t.kind === 'reject') expect(t.text).not.toMatch(/[\r\n\t]/);
        if (t.kind === 'external') expect(isSafeExternalAddress(t.address)).toBe(true);
        if (t.kind === 'local') expect(isSafeName(t.name)).toBe(true);
        if (t.kind === 'domainRedirect') expect(isSafeDomain(t.domain)).toBe(true);
      });
    }
    expect(counts.accepted).toBeGreaterThan(50);
    expect(counts.refused).toBeGreaterThan(5_000);
  });

  it('accepts only what the renderers write, for 10,000 nearly valid addresses and names', () => {
    const next = seededRandom(7);
    const chars = 'abcXYZ019._-+=%!\'#$&*/?^`{|}~"@ ';
    const word = () => Array.from({ length: 1 + Math.floor(next() * 8) }, () => chars[Math.floor(next() * chars.length)]).join('');
    let accepted = 0;
    for (let i = 0; i < 10_000; i += 1) {
      const local = word();
      const address = normalizeExternalAddress(`${local}@example.com`);
      if (address.ok) {
        accepted += 1;
        expect(isSafeExternalAddress(address.value), address.value).toBe(true);
      }
      const name = normalizeAliasName(local);
      if (name.ok) expect(isSafeName(name.value), name.value).toBe(true);
      const key = normalizeVirtmapLocalPart(local);
      if (key.ok) expect(isSafeVirtmapLocalPart(key.value), key.value).toBe(true);
    }
    expect(accepted).toBeGreaterThan(500);
  });
});
