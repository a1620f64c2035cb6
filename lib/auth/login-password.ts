import { accept, reject, type Checked } from '../mail/checked';
import { identityWords, MIN_PASSWORD_SCORE, passwordScore } from '../mail/password-strength';

// A panel login's new password (changed by its user, or chosen after a reset): the same zxcvbn floor as
// a mailbox's (lib/mail/password-strength.ts), with the login's email and name counted as known to the
// attacker. Unlike a mailbox's, any character is fine: only the panel's own form ever sends it, in UTF-8.
// The length is the panel's rule for a login's password (lib/validation/fields.ts, newPassword).

export const MIN_LOGIN_PASSWORD_LENGTH = 12;
export const MAX_LOGIN_PASSWORD_LENGTH = 256;

export interface LoginIdentity {
  email: string;
  /** The login's display name, e.g. "Acme Hosting". */
  name: string;
}

export function checkNewLoginPassword(plain: string, who: LoginIdentity): Checked<string> {
  const length = [...plain].length;
  if (length < MIN_LOGIN_PASSWORD_LENGTH) return reject(`Use at least ${MIN_LOGIN_PASSWORD_LENGTH} characters for the password.`);
  if (length > MAX_LOGIN_PASSWORD_LENGTH) return reject(`A password may be at most ${MAX_LOGIN_PASSWORD_LENGTH} characters long.`);
  if (plain.toLowerCase().includes(who.email.toLowerCase())) return reject('Do not use your email address in your password.');
  // The name as a whole, run together ("cornershop") and word by word: what a guesser tries first.
  const name = who.name.toLowerCase();
  const nameWords = [name.replace(/\s+/g, ''), ...name.split(/\s+/)].filter((w) => w.length >= 3);
  const words = [...identityWords({ address: who.email, name: who.name }), ...nameWords];
  if (passwordScore(plain, words) < MIN_PASSWORD_SCORE) {
    return reject(
      'This password is too easy to guess: use a longer one, e.g. four or five unrelated words, and avoid names, dates, keyboard rows and common passwords.',
    );
  }
  return accept(plain);
}
