import { Prisma } from '../generated/prisma/client';

/**
 * True when a write failed on a unique constraint (Prisma's P2002): the race a pre-check cannot close.
 * With `field`, only when the violated constraint names that column (e.g. "User_email_key").
 */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
  return field === undefined || JSON.stringify(error.meta ?? {}).includes(field);
}

/** For operators, who see every login: the email is used by a login anywhere on the panel. */
export const LOGIN_TAKEN = 'That email address is already used by another login.';
/**
 * For a reseller: the email is used by one of its own logins (its own or its customers'). Another tenant's
 * login with the same email is no obstacle and never mentioned (lib/auth/login-scope.ts).
 */
export const OWN_LOGIN_TAKEN = 'One of your logins uses that email address already.';
