import { isDesCryptHash } from './des-crypt';
import { isMd5CryptHash } from './md5-crypt';
import { isShaCryptHash } from './sha-crypt';
import { NO_LOGIN_HASH, isNoLoginHash } from '../mail/no-login-hash';

// What the panel stores (Account.passwordHash, a Dovecot {SCHEME}hash) for the password field of a user
// imported from a sendmail host's /etc/shadow (or /etc/passwd on a host without shadow): the hash is kept
// as it is, under the Dovecot scheme that verifies it, so the user's POP password goes on working; the
// postoffice login replaces it with our {ARGON2ID} the first time the owner types it (docs/dovecot.md,
// "Imported hashes"). A field that lets nobody in (locked, never set, empty, or not a hash the panel and
// Dovecot both verify) is `locked`, with the reason for the person running the import; such an account is
// stored with NO_LOGIN_HASH until someone sets it a password.

export { NO_LOGIN_HASH, isNoLoginHash };

export type LegacyStoredHash = { kind: 'hash'; stored: string } | { kind: 'locked'; reason: string };

/** bcrypt as crypt(3) reads it: $2a$/$2b$/$2y$ (one algorithm), cost 04-31, 22 characters of salt, 31 of hash. */
const BCRYPT = /^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$/;
/** What the passwd-file may carry after the scheme (lib/mailmaps/dovecot.ts): no ":", space, "[", "%"… */
const FILE_SAFE = /^[A-Za-z0-9./$=,]+$/;

/** Schemes of crypt(3) that Dovecot may verify but the panel cannot: named so the reason says what it is. */
const OTHER_SCHEMES: [RegExp, string][] = [
  [/^\$y\$/, 'yescrypt ($y$)'],
  [/^\$gy\$/, 'gost-yescrypt ($gy$)'],
  [/^\$7\$/, 'scrypt ($7$)'],
  [/^\$2x\$/, "bcrypt's old buggy variant ($2x$)"],
  [/^\$sha1\$/, 'NetBSD sha1crypt ($sha1$)'],
  [/^\$md5[$,]/, 'Sun MD5 ($md5$)'],
  [/^_/, 'BSDi extended DES (_…)'],
  [/^\$3\$/, 'FreeBSD NT-hash ($3$)'],
];

/** The stored hash for a shadow/passwd password field, or why the account is imported unable to log in. */
export function storedHashFromLegacy(field: string): LegacyStoredHash {
  if (field === '') {
    return locked('empty password: on the old host any password (or none) logged in; never kept, set a new password');
  }
  if (field === '!!') return locked('password never set (!!): the account never had a password');
  if (field.startsWith('!')) {
    return locked(`locked (${field === '!' ? '!' : '"!" before the hash'}, as by passwd -l or usermod -L): nobody logs in with it`);
  }
  if (field === '*LOCKED*' || field === '*LK*') return locked(`locked (${field}): nobody logs in with it`);
  if (field.startsWith('*')) return locked(`no password login (${field === '*' ? '*' : 'starts with "*"'}): nobody logs in with it`);
  if (field === 'x') return locked('"x" means the password is in /etc/shadow, which has no entry for this user');
  const other = OTHER_SCHEMES.find(([prefix]) => prefix.test(field));
  if (other) return locked(`${other[1]}: a scheme the panel cannot check; set a new password`);
  const stored = schemeOf(field);
  if (stored === null || !FILE_SAFE.test(field)) {
    return locked('not a password hash the panel recognises ($1$, $2a$/$2b$/$2y$, $5$, $6$ or 13-character DES)');
  }
  return { kind: 'hash', stored };
}

/** The {SCHEME}hash for a well-formed crypt string, or null. */
function schemeOf(field: string): string | null {
  if (field.startsWith('$1$')) return isMd5CryptHash(field) ? `{MD5-CRYPT}${field}` : null;
  if (field.startsWith('$2')) return BCRYPT.test(field) ? `{BLF-CRYPT}${field}` : null;
  if (field.startsWith('$5$')) return isShaCryptHash(field) ? `{SHA256-CRYPT}${field}` : null;
  if (field.startsWith('$6$')) return isShaCryptHash(field) ? `{SHA512-CRYPT}${field}` : null;
  return isDesCryptHash(field) ? `{CRYPT}${field}` : null;
}

function locked(reason: string): LegacyStoredHash {
  return { kind: 'locked', reason };
}
