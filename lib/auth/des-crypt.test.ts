import { describe, expect, it } from 'vitest';
import { encrypt, isDesCryptHash, keySchedule, verifyDesCrypt } from './des-crypt';

// Outputs of this machine's crypt(3) (libxcrypt: perl -e 'print crypt($pw, $salt)'); tests/mta/
// dovecot-legacy-hashes.test.ts asks Dovecot's {CRYPT} live.
const VECTORS: [string, string][] = [
  ['password', 'abJnggxhB/yWI'],
  ['', 'abmF1QH4PEr.E'],
  ['Hello world!', './C8Yx8rc0s.g'],
  ['12345678', 'zzRtj6pNdfpLE'],
  ['correct horse 9', 'XylJt/8b2k7dE'],
  ['päss', '90nPbIeSntmfQ'], // UTF-8 bytes, the 8th bit of each dropped
  ['~!@#$%^&*', 'A.4czAV6/vnPg'],
  ['a', 'a/RzQjJ/EywoU'],
];

const bits = (hex: string) =>
  Uint8Array.from([...Buffer.from(hex, 'hex')].flatMap((byte) => [7, 6, 5, 4, 3, 2, 1, 0].map((k) => (byte >> k) & 1)));
const hex = (block: Uint8Array) =>
  Buffer.from(Array.from({ length: 8 }, (_, i) => block.slice(i * 8, i * 8 + 8).reduce((n, bit) => n * 2 + bit, 0))).toString('hex');

describe('DES', () => {
  // The worked example of FIPS 46 tutorials (J. Orlin Grabbe): key 133457799BBCDFF1, 0123456789ABCDEF.
  it('encrypts the classic vector', () => {
    expect(hex(encrypt(bits('0123456789abcdef'), keySchedule(bits('133457799bbcdff1'))))).toBe('85e813540f0ab405');
  });
});

describe('verifyDesCrypt', () => {
  it.each(VECTORS)('accepts %j against its hash, and refuses another password', (plain, stored) => {
    expect(isDesCryptHash(stored)).toBe(true);
    expect(verifyDesCrypt(stored, plain)).toBe(true);
    expect(verifyDesCrypt(stored, `${plain.slice(0, 7)}\u0001`)).toBe(false);
  });

  it('counts only the first 8 characters, as crypt(3) does', () => {
    expect(verifyDesCrypt('zzRtj6pNdfpLE', '123456789')).toBe(true);
    expect(verifyDesCrypt('zzRtj6pNdfpLE', '12345678 and anything')).toBe(true);
    expect(verifyDesCrypt('zzRtj6pNdfpLE', '1234567')).toBe(false);
  });

  it.each([
    ['an empty string', ''],
    ['"!" (no password)', '!'],
    ['12 characters', 'abJnggxhB/yW'],
    ['14 characters', 'abJnggxhB/yWIa'],
    ['a last character crypt(3) never writes', 'abJnggxhB/yWJ'],
    ['one changed character inside', 'abJnggxhB/yXI'],
    ['another salt', 'acJnggxhB/yWI'],
    ['a character outside crypt base-64', 'ab_nggxhB/yWI'],
    ['an MD5-crypt hash', '$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/'],
  ])('answers false for %s', (_what, stored) => {
    expect(verifyDesCrypt(stored, 'password')).toBe(false);
  });
});
