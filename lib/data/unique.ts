import { Prisma } from '../generated/prisma/client';

/**
 * True when a write failed on a unique constraint (Prisma's P2002): the race a pre-check cannot close.
 * With `field`, only when the violated constraint names that column (e.g. "User_email_key").
 */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
  if (field === undefined) return true;
  // The constraint as the driver adapter names it ("User_email_loginScope_key"), or Prisma's target list.
  const meta = (error.meta ?? {}) as {
    target?: unknown;
    driverAdapterError?: { cause?: { constraint?: { index?: unknown; fields?: unknown } } };
  };
  const constraint = meta.driverAdapterError?.cause?.constraint;
  const fields = [meta.target, constraint?.fields].flatMap((f) => (Array.isArray(f) ? f.map(String) : typeof f === 'string' ? [f] : []));
  const index = typeof constraint?.index === 'string' ? constraint.index : '';
  return fields.some((f) => f === field || f.split('_').includes(field)) || index.split('_').includes(field);
}

/** For operators, who see every login: the email is used by a login anywhere on the panel. */
export const LOGIN_TAKEN = 'That email address is already used by another login.';
/**
 * For a reseller: the email is used by one of its own logins (its own or its customers'). Another tenant's
 * login with the same email is no obstacle and never mentioned (lib/auth/login-scope.ts).
 */
export const OWN_LOGIN_TAKEN = 'One of your logins uses that email address already.';
