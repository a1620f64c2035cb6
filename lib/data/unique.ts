import { Prisma } from '../generated/prisma/client';

/**
 * True when a write failed on a unique constraint (Prisma's P2002): the race a pre-check cannot close.
 * With `field`, only when the violated constraint names that column (e.g. "User_email_key").
 */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
  return field === undefined || JSON.stringify(error.meta ?? {}).includes(field);
}

export const LOGIN_TAKEN = 'That email address is already used by another login.';
