import type { ShownRouteChange } from '../mail/route-diff';

// Errors the data layer throws on purpose. Actions show their text to the user; anything else is logged
// and shown as a generic failure (STYLE.md, server actions).

/** A rule of the domain said no: the message (and field errors) are safe to show. */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * The row does not exist OR the actor may not see it. The two are deliberately the same answer, so that
 * probing ids of another tenant leaks nothing.
 */
export class NotFoundError extends Error {
  constructor(what = 'That item') {
    super(`${what} was not found.`);
    this.name = 'NotFoundError';
  }
}

/** The actor is known but the action is not theirs to take (e.g. support changing data directly). */
export class ForbiddenError extends Error {
  constructor(message = 'You are not allowed to do that.') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/**
 * The change is valid but has consequences the user must see first (an alias that hides an account, a
 * catch-all that takes accounts' mail, addresses that will route differently). Thrown inside the
 * mutation's transaction, so nothing is saved until the user confirms with what was shown.
 */
export class NeedsConfirmation extends Error {
  constructor(
    readonly warnings: string[],
    readonly changes: ShownRouteChange[],
  ) {
    super('Please review the consequences of this change and confirm.');
    this.name = 'NeedsConfirmation';
  }
}

/**
 * Whether an error was thrown on purpose, so its text is for the user: a form shows it (lib/web/action-error.ts),
 * a page answers "not found" (lib/web/or-not-found.ts), the CLI prints it. Anything else is a fault: logged,
 * and shown only as a generic failure.
 */
export function isExpectedError(error: unknown): error is DomainError | NotFoundError | ForbiddenError | NeedsConfirmation {
  return (
    error instanceof DomainError || error instanceof NotFoundError || error instanceof ForbiddenError || error instanceof NeedsConfirmation
  );
}

/** Not there, or not the actor's to see: the same answer (ids of another tenant reveal nothing). */
export function isHiddenOrMissing(error: unknown): error is NotFoundError | ForbiddenError {
  return error instanceof NotFoundError || error instanceof ForbiddenError;
}
