import { accept, reject, type Checked } from './checked';

// The mailbox (POP3/IMAP) password policy, pure so the forms can run it as the user types; hashing is in
// lib/auth/mailbox-password.ts.

export const MIN_MAILBOX_PASSWORD_LENGTH = 10;
export const MAX_MAILBOX_PASSWORD_LENGTH = 128;

/**
 * The mailbox password policy, for forms, actions and import. Printable ASCII only: mail programs send other
 * characters in whatever encoding they like (UTF-8, Latin-1, …), so "ß" typed in one client would not match
 * the hash made from another. No leading or trailing space: some clients trim them. The account name inside
 * the password is the first thing an attacker guessing over POP3 tries.
 */
export function checkMailboxPassword(plain: string, accountName?: string): Checked<string> {
  const problems: string[] = [];
  const length = [...plain].length;
  if (length < MIN_MAILBOX_PASSWORD_LENGTH) {
    problems.push(`Use at least ${MIN_MAILBOX_PASSWORD_LENGTH} characters.`);
  } else if (length > MAX_MAILBOX_PASSWORD_LENGTH) {
    problems.push(`Use at most ${MAX_MAILBOX_PASSWORD_LENGTH} characters.`);
  }
  if (!/^[\x20-\x7e]*$/.test(plain)) {
    problems.push(
      'Use only letters A-Z and a-z, digits, spaces and the punctuation on a standard keyboard: mail programs send other characters differently.',
    );
  } else if (plain !== plain.trim()) {
    problems.push('Do not start or end the password with a space: some mail programs drop it.');
  }
  const name = accountName?.trim().toLowerCase() ?? '';
  if (name.length >= 3 && plain.toLowerCase().includes(name)) {
    problems.push('Do not use the account name in its password.');
  }
  return problems.length > 0 ? reject(...problems) : accept(plain);
}
