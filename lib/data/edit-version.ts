import './server-only';
import { DomainError, NotFoundError } from './errors';

// Optimistic concurrency for edit forms: each carries the updatedAt of the row it was drawn from, and the
// save checks it inside its transaction, where the row is locked (the mail host's lock for mail objects,
// the reseller's for tenants). Of two people saving the same row from the same page, the second is told
// and keeps what it typed (the form shows its values again), instead of silently undoing the first.

export class StaleEditError extends DomainError {
  constructor(what: string, changedAt: Date) {
    super(
      `${what} was changed by someone else since you opened this page (at ${changedAt.toISOString().slice(11, 16)} UTC). ` +
        'Nothing was saved and what you typed is kept: reload the page to see the change, then save again.',
    );
    this.name = 'StaleEditError';
  }
}

/** Refuses the save when the row's version is not the one the form was drawn from. */
export function assertUnchanged(current: { updatedAt: Date }, version: string | undefined, what: string): void {
  if (version === undefined) return;
  if (current.updatedAt.getTime() !== new Date(version).getTime()) throw new StaleEditError(what, current.updatedAt);
}

/** The row as it is now, read under the edit's lock; gone (deleted while the edit waited): not found. */
export async function stillThere<R>(row: Promise<R | null>, what: string): Promise<R> {
  const found = await row;
  if (!found) throw new NotFoundError(what);
  return found;
}
