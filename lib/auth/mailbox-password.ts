import { hash } from '@node-rs/argon2';
import { compare as bcryptCompare } from 'bcryptjs';
import { verifyDesCrypt } from './des-crypt';
import { verifyMd5Crypt } from './md5-crypt';
import { verifyPassword } from './password';
import { verifyShaCrypt } from './sha-crypt';
import { isNoLoginHash } from '../mail/no-login-hash';

// Mailbox (POP3/IMAP) passwords: hashed here, verified by Dovecot on the mail host (docs/dovecot.md).
//
// Dovecot 2.3 verifies the PHC string of @node-rs/argon2 under {ARGON2ID} (through libsodium, which accepts
// any m/t/p; checked with `doveadm pw -t`). The costs are our own rather than lib/auth/password.ts's because
// the mail host pays them, not the panel: a passwd-file passdb is not "blocking", so Dovecot verifies every
// login inside its single auth process, one at a time (what each setting costs per login: docs/publishing.md,
// figures: "mailbox hash"). m=12288 KiB, t=3, p=1 is one of OWASP's equivalent Argon2id settings and the
// cheapest of them for that process, so a burst of POP3 clients polling at once stays fast. p=1: libsodium computes lanes one after
// the other, so p>1 only costs the host more. `algorithm: 2` is Algorithm.Argon2id (a const enum).
export const MAILBOX_HASH_OPTIONS = { algorithm: 2, memoryCost: 12288, timeCost: 3, parallelism: 1 } as const;

const ARGON2ID = '{ARGON2ID}';
const PARAMS = `$argon2id$v=19$m=${MAILBOX_HASH_OPTIONS.memoryCost},t=${MAILBOX_HASH_OPTIONS.timeCost},p=${MAILBOX_HASH_OPTIONS.parallelism}$`;

/** The scheme-prefixed hash Dovecot verifies, e.g. "{ARGON2ID}$argon2id$v=19$m=12288,t=3,p=1$…". */
export async function hashMailboxPassword(plain: string): Promise<string> {
  // A password no mail client can send would lock the mailbox for good; the policy
  // (lib/mail/mailbox-password.ts) says so to the user, this is the last guard.
  if (plain === '' || /[\0\r\n]/.test(plain)) throw new Error('A mailbox password cannot be empty or hold NUL, CR or LF.');
  return ARGON2ID + (await hash(plain, MAILBOX_HASH_OPTIONS));
}

/**
 * True if `plain` matches a stored mailbox hash, for every scheme the panel stores and Dovecot verifies:
 * {ARGON2ID}/{ARGON2I} (ours), and the crypt schemes imported hosts bring: {SHA512-CRYPT}, {SHA256-CRYPT}
 * (lib/auth/sha-crypt.ts), {BLF-CRYPT} (bcrypt, through bcryptjs), {MD5-CRYPT} (lib/auth/md5-crypt.ts) and
 * {CRYPT} as traditional DES only (lib/auth/des-crypt.ts; Dovecot's {CRYPT} is the system's crypt(3), which
 * reads more). A malformed hash, a scheme that disagrees with its hash, one this login will not pay for (see
 * the caps), and NO_LOGIN_HASH (an account that cannot log in) answer false; never throws.
 */
export async function verifyMailboxPassword(stored: string, plain: string): Promise<boolean> {
  if (isNoLoginHash(stored)) return false; // also false below ("!" is no DES hash): said outright
  // No mailbox password is empty (hashMailboxPassword); an imported hash of "" (crypt(3) makes one) must not
  // let an empty form in either.
  if (plain === '') return false;
  const scheme = /^\{([A-Z0-9-]+)\}(.*)$/s.exec(stored);
  const [, name, value = ''] = scheme ?? [];
  try {
    switch (name) {
      case 'ARGON2ID':
      case 'ARGON2I':
        // The scheme and the hash must agree, as Dovecot's check does.
        if (!value.startsWith(name === 'ARGON2ID' ? '$argon2id$' : '$argon2i$')) return false;
        return await verifyPassword(value, plain);
      case 'SHA512-CRYPT':
        return value.startsWith('$6$') && (await verifyShaCrypt(value, plain));
      case 'SHA256-CRYPT':
        return value.startsWith('$5$') && (await verifyShaCrypt(value, plain));
      case 'BLF-CRYPT':
        return await verifyBcrypt(value, plain);
      case 'MD5-CRYPT': // 1,000 fixed MD5 rounds: no cost to cap
        return verifyMd5Crypt(value, plain);
      case 'CRYPT': // 25 DES encryptions; only the first 8 characters count, as in crypt(3)
        return verifyDesCrypt(value, plain);
      default:
        return false;
    }
  } catch {
    return false; // a malformed stored hash never matches
  }
}

// bcrypt's cost is log2 of its rounds; each step doubles the time (bcryptjs, pure JS, measured here: ~3 ms
// at Dovecot's default 5, ~90 ms at 10, ~450 ms at 12). Past 13 (~1 s) a planted hash would tie up the
// server per attempt: false (Dovecot still verifies it).
export const BCRYPT_MAX_COST = 13;

/** $2a$/$2b$/$2y$ (the same algorithm; bcryptjs reads all three). Like Dovecot's crypt(3), the first 72 bytes count. */
async function verifyBcrypt(value: string, plain: string): Promise<boolean> {
  const parts = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/.exec(value);
  if (!parts || Number(parts[1]) < 4 || Number(parts[1]) > BCRYPT_MAX_COST) return false;
  return bcryptCompare(plain, value); // compares in constant time
}

/** True if a stored hash is not ours at today's costs: rehash it the next time the owner types the password. */
export function mailboxHashNeedsRehash(stored: string): boolean {
  return !stored.startsWith(ARGON2ID + PARAMS);
}

// Checked against when a postoffice login names no account, so an unknown address costs the same time as
// a wrong password (at the mailbox costs, not the panel's) and response times don't tell which exist.
let decoy: Promise<string> | undefined;
export async function burnMailboxPasswordCheck(plain: string): Promise<void> {
  decoy ??= hashMailboxPassword('decoy password that matches nothing');
  await verifyMailboxPassword(await decoy, plain);
}
