import { describe, expect, it } from 'vitest';
import { acceptTotp, looksLikeRecoveryCode, newRecoveryCodes, newTotpKey, recoveryCodeHash, totpCode, totpUri } from './totp';

// RFC 6238, appendix B: the SHA-1 key "12345678901234567890" and its codes (the last six digits).
const RFC_KEY = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('computes RFC 6238’s test vectors', () => {
    expect(totpCode(RFC_KEY, new Date(59_000))).toBe('287082');
    expect(totpCode(RFC_KEY, new Date(1111111109_000))).toBe('081804');
    expect(totpCode(RFC_KEY, new Date(2000000000_000))).toBe('279037');
  });

  it('accepts the code of now and of the steps either side, once', () => {
    const key = newTotpKey();
    const now = new Date();
    const step = acceptTotp(key, totpCode(key, now), null, now);
    expect(step).not.toBeNull();
    // The same code again: refused, even within its 30 seconds.
    expect(acceptTotp(key, totpCode(key, now), step, now)).toBeNull();
    expect(acceptTotp(key, totpCode(key, new Date(now.getTime() - 30_000)), null, now)).not.toBeNull();
    expect(acceptTotp(key, totpCode(key, new Date(now.getTime() + 30_000)), step, now)).not.toBeNull();
    expect(acceptTotp(key, totpCode(key, new Date(now.getTime() - 90_000)), null, now)).toBeNull();
  });

  it('refuses what is not six digits, and another key’s code', () => {
    const key = newTotpKey();
    expect(acceptTotp(key, '', null)).toBeNull();
    expect(acceptTotp(key, '12345', null)).toBeNull();
    expect(acceptTotp(key, 'abcdef', null)).toBeNull();
    const code = totpCode(newTotpKey());
    // One in a million that two keys agree now; then this test would flake once.
    if (code !== totpCode(key)) expect(acceptTotp(key, code, null)).toBeNull();
  });

  it('names the panel and the login in the URI an authenticator app reads', () => {
    const uri = totpUri(RFC_KEY, 'joe@example.net');
    expect(uri).toMatch(/^otpauth:\/\/totp\/mailpanel:joe%40example\.net\?/);
    expect(uri).toContain(`secret=${RFC_KEY}`);
  });
});

describe('recovery codes', () => {
  it('are ten different codes, kept as a hash that ignores case and dashes', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(recoveryCodeHash(codes[0]!.toUpperCase().replace(/-/g, ' '))).toBe(recoveryCodeHash(codes[0]!));
    expect(looksLikeRecoveryCode(codes[0]!)).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});
