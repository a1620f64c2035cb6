import { notFound } from 'next/navigation';
import { ForbiddenError, NotFoundError } from '../data/errors';

/**
 * For pages: a row the actor may not see answers exactly like one that does not exist (Next's 404),
 * so ids of another tenant reveal nothing.
 */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    throw error;
  }
}
