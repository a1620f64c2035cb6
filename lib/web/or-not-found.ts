import { notFound } from 'next/navigation';
import { DomainError, isHiddenOrMissing } from '../data/errors';
import { Prisma } from '../generated/prisma/client';

/**
 * For pages: a row the actor may not see answers exactly like one that does not exist (Next's 404),
 * so ids of another tenant reveal nothing.
 */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (answersNotFound(error)) notFound();
    throw error;
  }
}

/**
 * For route handlers: the same rule, as a plain 404 (a download or a JSON poll has no page to show); a
 * domain rule's refusal is its sentence with 409.
 */
export async function orNotFoundResponse(load: () => Promise<Response>): Promise<Response> {
  try {
    return await load();
  } catch (error) {
    if (answersNotFound(error)) return new Response('Not found', { status: 404 });
    if (error instanceof DomainError)
      return new Response(error.message, { status: 409, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    throw error;
  }
}

function answersNotFound(error: unknown): boolean {
  return isHiddenOrMissing(error) || isMalformedId(error);
}

/** An id in the URL that is not even a UUID: Postgres refuses it (Prisma P2007/P2023); it names nothing. */
function isMalformedId(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && (error.code === 'P2007' || error.code === 'P2023');
}
