// The stored password hash of an account that cannot log in: an imported account whose old host had it
// locked, its password never set, or an empty password field (docs/dovecot.md, "Imported hashes").
//
// `{CRYPT}!` matches no password anywhere:
// - Dovecot's {CRYPT} compares crypt(3) of the typed password, salted with "!", to "!"; crypt(3) cannot
//   salt with "!" and answers its failure token ("*0" with libxcrypt), which is never "!" (measured:
//   `doveadm pw -t '{CRYPT}!' -p '!'` answers "Password mismatch", tests/mta/dovecot-legacy-hashes.test.ts);
// - the panel's {CRYPT} is DES only, 13 characters (lib/auth/des-crypt.ts), and "!" is not one of them;
// - the passwd-file renderer (lib/mailmaps/dovecot.ts) marks every line of such an account `nologin` too,
//   so Dovecot refuses it before any hash is compared.
// It lives here, not in lib/auth, because the renderer (which imports only lib/mail) must know it.

export const NO_LOGIN_HASH = '{CRYPT}!';

/** True if a stored hash is the one no password verifies under (NO_LOGIN_HASH). */
export function isNoLoginHash(stored: string): boolean {
  return stored === NO_LOGIN_HASH;
}
