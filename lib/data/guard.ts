import type { Actor } from '../auth/actor';
import { can, type Action, type Resource } from '../auth/policy';
import { ForbiddenError } from './errors';

/** Throws unless the policy allows it. Used after the scoped load, so the row is already the actor's. */
export function assertCan(actor: Actor, action: Action, resource: Resource): void {
  if (!can(actor, action, resource)) {
    throw new ForbiddenError(actor.kind === 'support' ? 'Support staff change data only through an audited act-as session.' : undefined);
  }
}

/** For checks that come before any row exists (creating), or for operator-only reads and writes (who may open a screen is lib/auth/screens.ts). */
export function assertKind(actor: Actor, ...kinds: Actor['kind'][]): void {
  if (!kinds.includes(actor.kind)) throw new ForbiddenError();
}
