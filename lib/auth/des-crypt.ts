import { timingSafeEqual } from 'node:crypto';

// Traditional DES crypt(3) (Seventh Edition Unix, 1979): 13 characters, a 2-character salt and 11 of hash.
// What Dovecot's {CRYPT} verifies through the system's crypt(3) (libxcrypt on Debian, which still reads it),
// and what the oldest /etc/passwd and /etc/shadow files hold. Its limits are the scheme's, kept here as
// crypt(3) keeps them: only the first 8 characters of a password count, and only the low 7 bits of each byte.
// Written from the V7 algorithm and FIPS 46's tables (a bit at a time: 25 DES encryptions take well under a
// millisecond); the unit tests hold outputs of this machine's crypt(3) and a FIPS 46 vector.

const B64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/**
 * Two salt characters and 11 of hash, all crypt base-64; the last holds the 64th bit's last 4 bits and two
 * zero bits, so it is one of 16 characters (any other is no hash crypt(3) writes, and never matches).
 */
const FORMAT = /^[./0-9A-Za-z]{12}[.26AEIMQUYcgkosw]$/;

/** True if `stored` is a traditional DES crypt string (13 crypt base-64 characters) crypt(3) could write. */
export function isDesCryptHash(stored: string): boolean {
  return FORMAT.test(stored);
}

/** True if `plain` matches a 13-character DES crypt string; false for a wrong password or a malformed hash. */
export function verifyDesCrypt(stored: string, plain: string): boolean {
  if (!FORMAT.test(stored)) return false;
  const computed = Buffer.from(desCrypt(Buffer.from(plain, 'utf8'), stored.slice(0, 2)), 'latin1');
  return timingSafeEqual(computed, Buffer.from(stored, 'latin1'));
}

/** crypt(3) of `key` (its first 8 bytes, up to a NUL) with a 2-character salt of crypt base-64. */
export function desCrypt(key: Buffer, salt: string): string {
  const keyBits = new Uint8Array(64);
  for (let i = 0; i < 8 && i < key.length && key[i] !== 0; i++) {
    for (let j = 0; j < 7; j++) keyBits[i * 8 + j] = (key[i]! >> (6 - j)) & 1; // 7 bits, then a parity bit 0
  }
  const subkeys = keySchedule(keyBits);
  // The salt's 12 bits each swap two bits of the expansion (bit 6i+j with 6i+j+24), V7 style.
  const expansion = [...E];
  for (let i = 0; i < 2; i++) {
    const value = B64.indexOf(salt[i] ?? '');
    if (value < 0) throw new Error('DES crypt salt must be two crypt base-64 characters');
    for (let j = 0; j < 6; j++) {
      if ((value >> j) & 1) [expansion[6 * i + j], expansion[6 * i + j + 24]] = [expansion[6 * i + j + 24]!, expansion[6 * i + j]!];
    }
  }
  let block: Uint8Array = new Uint8Array(64);
  for (let i = 0; i < 25; i++) block = encrypt(block, subkeys, expansion);
  let out = salt;
  for (let i = 0; i < 11; i++) {
    let c = 0;
    for (let j = 0; j < 6; j++) c = (c << 1) | (block[6 * i + j] ?? 0); // the 65th and 66th bits are 0
    out += B64[c];
  }
  return out;
}

/** One DES encryption of a 64-bit block (one bit per byte) under the 16 subkeys. */
export function encrypt(input: Uint8Array, subkeys: Uint8Array[], expansion: readonly number[] = E): Uint8Array {
  const permuted = permute(input, IP);
  let left = permuted.slice(0, 32);
  let right = permuted.slice(32);
  for (const subkey of subkeys) {
    const expanded = permute(right, expansion);
    const mixed = new Uint8Array(32);
    for (let s = 0; s < 8; s++) {
      const b = (k: number) => expanded[6 * s + k]! ^ subkey[6 * s + k]!;
      const value = S[s]![(b(0) << 5) | (b(5) << 4) | (b(1) << 3) | (b(2) << 2) | (b(3) << 1) | b(4)]!;
      for (let k = 0; k < 4; k++) mixed[4 * s + k] = (value >> (3 - k)) & 1;
    }
    const f = permute(mixed, P);
    const next = left.map((bit, k) => bit ^ f[k]!);
    left = right;
    right = next;
  }
  return permute(Uint8Array.from([...right, ...left]), FP);
}

/** The 16 subkeys (48 bits each) of a 64-bit key. */
export function keySchedule(keyBits: Uint8Array): Uint8Array[] {
  const cd = permute(keyBits, PC1);
  let c = [...cd.slice(0, 28)];
  let d = [...cd.slice(28)];
  return SHIFTS.map((shift) => {
    c = [...c.slice(shift), ...c.slice(0, shift)];
    d = [...d.slice(shift), ...d.slice(0, shift)];
    return permute(Uint8Array.from([...c, ...d]), PC2);
  });
}

/** `bits` reordered by a 1-based table, as FIPS 46 writes its tables. */
function permute(bits: Uint8Array, table: readonly number[]): Uint8Array {
  return Uint8Array.from(table, (from) => bits[from - 1]!);
}

// FIPS 46-3's tables.
// prettier-ignore
const IP = [58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6,
  64, 56, 48, 40, 32, 24, 16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
  61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7];
// prettier-ignore
const FP = [40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31, 38, 6, 46, 14, 54, 22, 62, 30,
  37, 5, 45, 13, 53, 21, 61, 29, 36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27,
  34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25];
// prettier-ignore
const PC1 = [57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27,
  19, 11, 3, 60, 52, 44, 36, 63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22,
  14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4];
// prettier-ignore
const PC2 = [14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
// prettier-ignore
const E = [32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17,
  16, 17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25, 24, 25, 26, 27, 28, 29, 28, 29, 30, 31, 32, 1];
// prettier-ignore
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9,
  19, 13, 30, 6, 22, 11, 4, 25];
// Each S-box as 64 entries, indexed by row * 16 + column (row: the outer bits, column: the inner four).
// prettier-ignore
const S = [
  [14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
    4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13],
  [15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
    0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9],
  [10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
    13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12],
  [7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
    10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14],
  [2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
    4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3],
  [12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
    9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13],
  [4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
    1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12],
  [13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
    7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11],
];
