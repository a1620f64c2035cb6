import { createHash, timingSafeEqual } from 'node:crypto';

// MD5-crypt ("$1$salt$hash"), Poul-Henning Kamp's FreeBSD scheme that glibc's crypt(3) and Dovecot's
// {MD5-CRYPT} (its own password-scheme-md5crypt.c) implement: 1,000 fixed rounds of MD5, so no cost a
// planted hash could raise. The default of old Linux shadow files (before $5$/$6$ in 2008): imported
// hosts bring it, the panel never writes it.

const MAGIC = '$1$';
const B64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/**
 * $1$salt$hash: a salt of up to 8 crypt base-64 characters (crypt(3) stops it at 8 or at "$"), 22 of hash,
 * the last holding the top 2 bits of one byte (so one of "./01": any other is no hash crypt(3) writes).
 */
const FORMAT = /^\$1\$([./0-9A-Za-z]{0,8})\$[./0-9A-Za-z]{21}[./01]$/;

/** True if `stored` is an MD5-crypt string this module verifies. */
export function isMd5CryptHash(stored: string): boolean {
  return FORMAT.test(stored);
}

/** True if `plain` matches a `$1$…` crypt string; false for a wrong password or a malformed hash. */
export function verifyMd5Crypt(stored: string, plain: string): boolean {
  const salt = FORMAT.exec(stored)?.[1];
  if (salt === undefined) return false;
  const computed = Buffer.from(md5Crypt(Buffer.from(plain, 'utf8'), Buffer.from(salt, 'latin1')), 'latin1');
  const given = Buffer.from(stored, 'latin1');
  return computed.length === given.length && timingSafeEqual(computed, given);
}

/** The crypt string of `key` with `salt` (at most 8 bytes), as crypt(3) writes it. */
export function md5Crypt(key: Buffer, salt: Buffer): string {
  const md5 = (...chunks: Buffer[]) => {
    const hash = createHash('md5');
    for (const chunk of chunks) hash.update(chunk);
    return hash.digest();
  };
  const magic = Buffer.from(MAGIC, 'latin1');
  const alternate = md5(key, salt, key);
  const a = createHash('md5').update(key).update(magic).update(salt);
  for (let left = key.length; left > 0; left -= 16) a.update(alternate.subarray(0, Math.min(left, 16)));
  // One byte per bit of the key's length: a NUL for a 1 bit, the key's first byte for a 0 (the original's
  // quirk, kept by every implementation).
  for (let n = key.length; n > 0; n >>= 1) a.update(n & 1 ? Buffer.alloc(1) : key.subarray(0, 1));
  let digest = a.digest();
  for (let i = 0; i < 1000; i++) {
    const round = createHash('md5').update(i & 1 ? key : digest);
    if (i % 3) round.update(salt);
    if (i % 7) round.update(key);
    digest = round.update(i & 1 ? digest : key).digest();
  }
  return `${MAGIC}${salt.toString('latin1')}$${encode(digest)}`;
}

// The digest's bytes in the scheme's order, three at a time, each triple four characters lowest bits first;
// byte 11 alone makes the last two.
// prettier-ignore
const TRIPLES = [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5]] as const;

function encode(digest: Buffer): string {
  const at = (i: number) => digest[i] ?? 0;
  const b64 = (w: number, n: number) => {
    let out = '';
    for (let k = 0; k < n; k++, w >>= 6) out += B64[w & 0x3f];
    return out;
  };
  return TRIPLES.map(([x, y, z]) => b64((at(x) << 16) | (at(y) << 8) | at(z), 4)).join('') + b64(at(11), 2);
}
