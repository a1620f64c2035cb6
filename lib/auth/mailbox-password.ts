import { hash } from '@node-rs/argon2';
import { verifyPassword } from './password';

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
 * True if `plain` matches a stored mailbox hash. Argon2 hashes ({ARGON2ID}, {ARGON2I}) are checked here;
 * any other scheme (e.g. an imported {SHA512-CRYPT} or {BLF-CRYPT}) answers false: only Dovecot checks those.
 */
export async function verifyMailboxPassword(stored: string, plain: string): Promise<boolean> {
  const scheme = /^\{(ARGON2ID|ARGON2I)\}(\$argon2id?\$.*)$/s.exec(stored);
  if (!scheme?.[2]) return false;
  const phc = scheme[2];
  if ((scheme[1] === 'ARGON2ID') !== phc.startsWith('$argon2id$')) return false; // scheme and hash disagree
  return verifyPassword(phc, plain);
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
