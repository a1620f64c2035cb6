import { notFound } from 'next/navigation';
import { isHiddenOrMissing } from '../data/errors';
import { Prisma } from '../generated/prisma/client';

/**
 * For pages: a row the actor may not see answers exactly like one that does not exist (Next's 404),
 * so ids of another tenant reveal nothing.
 */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (isHiddenOrMissing(error) || isMalformedId(error)) notFound();
    throw error;
  }
}

/** An id in the URL that is not even a UUID: Postgres refuses it (Prisma P2007/P2023); it names nothing. */
function isMalformedId(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && (error.code === 'P2007' || error.code === 'P2023');
}
