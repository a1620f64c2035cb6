import { AuthError, CredentialsSignin } from 'next-auth';
import { DomainError } from '../data/errors';
import { recordMailboxLogout } from '../data/mailbox-sessions';
import type { MailboxLoginForm } from '../validation/postoffice';
import { signIn, signOut } from './auth';
import { getMailboxActor } from './mailbox-session';

// Signing in to and out of the postoffice, for its server actions: the postoffice twin of the panel's
// login action (app/(auth)/login/actions.ts with refused-sign-in.ts). Auth.js sets and clears the cookie.

// Why Auth.js refused, in words for the form (lib/session/auth.ts sets the codes). One answer for a wrong
// address and a wrong password, so the form does not tell which addresses have a mailbox.
const REFUSED: Record<string, string> = {
  invalid: 'That address and password do not match a mailbox.',
  disabled: 'Sign-in is switched off for this mailbox. Contact your provider.',
  throttled: 'Too many failed attempts. Wait 15 minutes and try again.',
};

/** Signs in with a mailbox's address and password; a refusal is a DomainError the form shows (runPublicFormAction). */
export async function signInMailbox(input: MailboxLoginForm): Promise<void> {
  try {
    await signIn('mailbox', { address: input.address, password: input.password, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = error instanceof CredentialsSignin ? error.code : 'invalid';
      throw new DomainError(REFUSED[code] ?? REFUSED.invalid!);
    }
    throw error;
  }
}

/**
 * After the owner changed the password (which ends the mailbox's other sessions, this one included), a new
 * session for this browser with the new password: a full sign-in, checked and audited like any other.
 * False when it is refused: an account without a login address is labelled by its name, which signs in
 * nowhere (its owner came in through another of its addresses), so that owner signs in again by hand.
 */
export async function renewMailboxSession(address: string, newPassword: string): Promise<boolean> {
  // A name is no address: trying it would only record a failed login against it.
  if (!address.includes('@')) return false;
  try {
    await signInMailbox({ address, password: newPassword });
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

/** Ends this browser's postoffice session (other sessions of the mailbox stay: only a password change ends them). */
export async function signOutMailbox(): Promise<void> {
  const actor = await getMailboxActor();
  if (actor) await recordMailboxLogout(actor);
  await signOut({ redirectTo: '/postoffice/login' });
}
