import type { Actor } from '../auth/actor';
import { NotFoundError } from '../data/errors';

/**
 * The account a postoffice action works on: always the session's own, never an id from the browser, so a
 * replayed or forged form cannot reach another mailbox. Any other actor finds no mailbox here.
 */
export function ownMailbox(actor: Actor): string {
  if (actor.kind !== 'mailbox') throw new NotFoundError('That mailbox');
  return actor.accountId;
}
