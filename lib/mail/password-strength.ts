import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { checkMailboxPassword } from './mailbox-password';
import { accept, reject, type Checked } from './checked';

// How hard a new mailbox password is to guess, on top of the policy (lib/mail/mailbox-password.ts). A mailbox
// is guessed over POP3 from anywhere, and its hash sits in a file on the mail host: length rules alone let
// "Password123" through. zxcvbn estimates the guesses an attacker with common-password lists and keyboard
// patterns needs; score 3 ("safely unguessable: moderate protection from offline slow-hash attacks") is the
// floor, as the mailbox hash is a slow one (docs/dovecot.md). Pure: the same answer in a form and a test.

export const MIN_PASSWORD_SCORE = 3;

/** Built once: the dictionaries are large, and the factory only reads them. */
let factory: ZxcvbnFactory | undefined;
const checker = () => (factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

export interface MailboxIdentity {
  /** The mailbox's address (its login), e.g. joe@example.com; null when it has none. */
  address: string | null;
  /** The account's name, e.g. joe. */
  name: string;
}

/** The words an attacker would try first for this mailbox: its address, the address's parts, its name. */
export function identityWords(who: MailboxIdentity): string[] {
  const words = [who.name];
  if (who.address) {
    const at = who.address.lastIndexOf('@');
    const domain = who.address.slice(at + 1);
    words.push(who.address, who.address.slice(0, at), domain, ...domain.split('.'));
  }
  return [...new Set(words.map((w) => w.toLowerCase()).filter((w) => w.length >= 3))];
}

/** zxcvbn's score (0-4) for a password, counting `knownWords` (the owner's name, address…) as known to the attacker. */
export function passwordScore(plain: string, knownWords: string[]): number {
  return checker().check(plain, knownWords).score;
}

/**
 * A new mailbox password, checked: the policy, not the address or the name itself (in any case), and a
 * zxcvbn score of at least MIN_PASSWORD_SCORE with the mailbox's own words counted as known to the attacker.
 */
export function checkNewMailboxPassword(plain: string, who: MailboxIdentity): Checked<string> {
  const policy = checkMailboxPassword(plain, who.name);
  if (!policy.ok) return policy;
  const lower = plain.toLowerCase();
  if (who.address && lower.includes(who.address.toLowerCase())) return reject('Do not use the mailbox address in its password.');
  if (passwordScore(plain, identityWords(who)) < MIN_PASSWORD_SCORE) {
    return reject(
      'This password is too easy to guess: use a longer one, e.g. four or five unrelated words, and avoid names, dates, keyboard rows and common passwords.',
    );
  }
  return accept(plain);
}
