import { createHash, timingSafeEqual } from 'node:crypto';

// glibc's SHA-crypt ($5$ SHA-256, $6$ SHA-512), as Ulrich Drepper's spec "Unix crypt using SHA-256 and
// SHA-512" defines it: what Dovecot's {SHA256-CRYPT}/{SHA512-CRYPT} verify through crypt(3). Written here
// because the npm package `unixcrypt` (3.0.4) gets passwords whose length is a multiple of the digest size
// wrong (a 128-character password fails against `doveadm pw`), and it would run up to 999,999,999 rounds.

const SCHEMES = { '5': 'sha256', '6': 'sha512' } as const;

const ROUNDS_DEFAULT = 5000;
const ROUNDS_MIN = 1000;
/**
 * The spec allows 999,999,999 rounds; a login checks at most this many. A planted hash with more rounds
 * would otherwise cost the server minutes of CPU per attempt; such a hash answers false (Dovecot still
 * verifies it).
 */
export const SHA_CRYPT_MAX_ROUNDS = 1_000_000;
/** Rounds between yields to the event loop, so a costly hash does not stall other requests. */
const SLICE = 20_000;

const B64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// $id$[rounds=N$]salt$hash: the salt is at most 16 characters and holds no '$' (glibc stops it there).
const FORMAT = /^\$([56])\$(?:rounds=([0-9]{1,10})\$)?([\x21-\x23\x25-\x7e]{0,16})\$([./0-9A-Za-z]{43}|[./0-9A-Za-z]{86})$/;

/** The spec's (and crypt(3)'s) largest number of rounds; Dovecot verifies up to it, the panel up to its cap. */
const ROUNDS_MAX = 999_999_999;

/**
 * True if `stored` is a `$5$…`/`$6$…` string crypt(3) could have written, so Dovecot can verify it: rounds,
 * when given, from 1,000 to 999,999,999 without leading zeros. (Past SHA_CRYPT_MAX_ROUNDS only Dovecot does.)
 */
export function isShaCryptHash(stored: string): boolean {
  const parts = FORMAT.exec(stored);
  if (!parts || parts[4]?.length !== (parts[1] === '5' ? 43 : 86)) return false;
  const roundsText = parts[2];
  if (roundsText === undefined) return true;
  const rounds = Number(roundsText);
  return String(rounds) === roundsText && rounds >= ROUNDS_MIN && rounds <= ROUNDS_MAX;
}

/** True if `plain` matches a `$5$…`/`$6$…` crypt string; false for a wrong password or a malformed hash. */
export async function verifyShaCrypt(stored: string, plain: string): Promise<boolean> {
  const parts = FORMAT.exec(stored);
  if (!parts) return false;
  const [, id, roundsText, salt = ''] = parts;
  const algorithm = SCHEMES[id as keyof typeof SCHEMES];
  const rounds = roundsText === undefined ? ROUNDS_DEFAULT : Number(roundsText);
  // The spec raises fewer rounds to 1000 (and writes "rounds=1000"); libxcrypt, Dovecot's crypt(3) on
  // Debian, refuses them. Either way a stored "rounds=10" never matches.
  if (rounds < ROUNDS_MIN || rounds > SHA_CRYPT_MAX_ROUNDS) return false;
  const digest = await shaCryptDigest(algorithm, Buffer.from(plain, 'utf8'), Buffer.from(salt, 'latin1'), rounds);
  // What crypt(3) would write, compared whole as Dovecot does (so "rounds=05000" does not match either).
  const shown = roundsText === undefined ? '' : `rounds=${rounds}$`;
  const computed = Buffer.from(`$${id}$${shown}${salt}$${encode(digest)}`, 'latin1');
  const given = Buffer.from(stored, 'latin1');
  return computed.length === given.length && timingSafeEqual(computed, given);
}

type Algorithm = (typeof SCHEMES)[keyof typeof SCHEMES];

async function shaCryptDigest(algorithm: Algorithm, key: Buffer, salt: Buffer, rounds: number): Promise<Buffer> {
  const h = (...chunks: Buffer[]) => {
    const hash = createHash(algorithm);
    for (const chunk of chunks) hash.update(chunk);
    return hash.digest();
  };
  // Steps 1–12: digest A from the key, the salt and digest B (key, salt, key).
  const b = h(key, salt, key);
  const a = createHash(algorithm).update(key).update(salt);
  a.update(repeatTo(b, key.length)); // one B per whole block of the key, then the first bytes of B
  for (let n = key.length; n > 0; n >>= 1) a.update(n & 1 ? b : key);
  let c = a.digest();
  // Steps 13–20: the P sequence (from the key repeated key-length times) and the S sequence (from the salt
  // repeated 16 + A[0] times), each cut to the length of what it stands for.
  const p = repeatTo(h(...Array<Buffer>(key.length).fill(key)), key.length);
  const s = repeatTo(h(...Array<Buffer>(16 + c[0]!).fill(salt)), salt.length);
  // Step 21: the rounds.
  for (let i = 0; i < rounds; i++) {
    if (i > 0 && i % SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    const round = createHash(algorithm).update(i & 1 ? p : c);
    if (i % 3) round.update(s);
    if (i % 7) round.update(p);
    c = round.update(i & 1 ? c : p).digest();
  }
  return c;
}

/** `block` repeated and cut to `length` bytes. */
function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let at = 0; at < length; at += block.length) block.copy(out, at, 0, Math.min(block.length, length - at));
  return out;
}

// Step 22's base-64: each triple (B2, B1, B0) of digest bytes becomes four characters, lowest six bits first;
// the last bytes make three (SHA-256) or two (SHA-512). The triples are the spec's (glibc's) table.
// prettier-ignore
const SHA256_TRIPLES = [[0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26],
  [27, 7, 17], [18, 28, 8], [9, 19, 29]] as const;
// prettier-ignore
const SHA512_TRIPLES = [[0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
  [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35],
  [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41]] as const;

function encode(digest: Buffer): string {
  const at = (i: number) => digest[i] ?? 0;
  const b64 = (b2: number, b1: number, b0: number, n: number) => {
    let w = (b2 << 16) | (b1 << 8) | b0;
    let out = '';
    for (let k = 0; k < n; k++, w >>= 6) out += B64[w & 0x3f];
    return out;
  };
  const triples = digest.length === 32 ? SHA256_TRIPLES : SHA512_TRIPLES;
  const body = triples.map(([x, y, z]) => b64(at(x), at(y), at(z), 4)).join('');
  return body + (digest.length === 32 ? b64(0, at(31), at(30), 3) : b64(0, 0, at(63), 2));
}
