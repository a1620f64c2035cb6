import { describe, expect, it } from 'vitest';
import { isMd5CryptHash, verifyMd5Crypt } from './md5-crypt';

// Outputs of this machine's crypt(3) (glibc/libxcrypt: perl -e 'print crypt($pw, "$1$salt")'), the first also
// `openssl passwd -1 -salt saltsalt password`; tests/mta/dovecot-legacy-hashes.test.ts asks Dovecot live.
const VECTORS: [string, string][] = [
  ['password', '$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/'],
  ['Hello world!', '$1$saltstri$YMyguxXMBpd2TEZ.vS/3q1'],
  ['x'.repeat(16), '$1$12345678$Yx0.57EgfgSyPuhpZcr1R1'], // a whole MD5 block of key
  ['x'.repeat(17), '$1$a$JsTf0efaE.5mbf4xkfgV/0'],
  ['correct horse 9', '$1$$sdFfFVElaZPcOtOf1ibJD/'], // an empty salt
  ['~!@#$%^&*()_+{}|:"<>?', '$1$./Zz09$nmQ1r0NGmcP6suZOP0lKm/'],
  ['päss', '$1$umlaut$a/eBrc4OZFDq7zN19W2J8/'], // UTF-8 bytes, as a mail client sends them
  [`${'y'.repeat(127)}z`, '$1$long$S0R/afJ.7FP5JkFivbC.n/'],
  ['', '$1$abcdefgh$M55TzYaaccxVGbptZWaxX/'],
];

describe('verifyMd5Crypt', () => {
  it.each(VECTORS)('accepts %j against its hash, and refuses a changed password', (plain, stored) => {
    expect(isMd5CryptHash(stored)).toBe(true);
    expect(verifyMd5Crypt(stored, plain)).toBe(true);
    expect(verifyMd5Crypt(stored, `${plain}x`)).toBe(false);
    if (plain !== '') expect(verifyMd5Crypt(stored, plain.slice(1))).toBe(false);
  });

  const good = VECTORS[0]![1];
  it.each([
    ['an empty string', ''],
    ['a cut hash', good.slice(0, -1)],
    ['a hash one character longer', `${good}a`],
    ['another id', good.replace('$1$', '$2$')],
    ['a salt past 8 characters', good.replace('saltsalt', 'saltsalts')],
    ['a character outside crypt base-64', good.replace('qjX', 'qj_')],
    ['no "$" after the salt', good.replace('saltsalt$', 'saltsalt')],
    ['a last character crypt(3) never writes', good.replace(/\/$/, '2')],
  ])('answers false for %s', (_what, stored) => {
    expect(isMd5CryptHash(stored)).toBe(false);
    expect(verifyMd5Crypt(stored, 'password')).toBe(false);
  });

  it('answers false for a well-formed hash with one character changed', () => {
    expect(verifyMd5Crypt(good.replace('qjX', 'qjY'), 'password')).toBe(false);
  });
});
