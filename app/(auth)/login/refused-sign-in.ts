import { AuthError, CredentialsSignin } from 'next-auth';
import { DomainError } from '@/lib/data/errors';

// Why Auth.js refused a sign-in, in words for the login form (lib/session/auth.ts sets the codes).
const REFUSED: Record<string, string> = {
  invalid: 'That email and password do not match an active login.',
  suspended: 'This login is suspended. Contact your provider.',
  throttled: 'Too many failed attempts. Wait 15 minutes and try again.',
};

/** Turns Auth.js's refusal into the expected error the action adapter shows; anything else stays a fault. */
export function refusedSignIn(error: unknown): never {
  if (error instanceof AuthError) {
    const code = error instanceof CredentialsSignin ? error.code : 'invalid';
    throw new DomainError(REFUSED[code] ?? REFUSED.invalid!);
  }
  throw error;
}
