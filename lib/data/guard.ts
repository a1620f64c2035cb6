import type { Actor } from '../auth/actor';
import { can, type Action, type Resource } from '../auth/policy';
import { ForbiddenError } from './errors';

/** Throws unless the policy allows it. Used after the scoped load, so the row is already the actor's. */
export function assertCan(actor: Actor, action: Action, resource: Resource): void {
  if (!can(actor, action, resource)) {
    throw new ForbiddenError(actor.kind === 'support' ? 'Support staff change data only through an audited act-as session.' : undefined);
  }
}

/** For checks that come before any row exists (creating), or for whole screens. */
export function assertKind(actor: Actor, ...kinds: Actor['kind'][]): void {
  if (!kinds.includes(actor.kind)) throw new ForbiddenError();
}

export const PAGE_SIZE = 25;

/** Keyset page arguments for Prisma: rows after the given id in (name, id) order. */
export function pageArgs(after: string | undefined) {
  return {
    take: PAGE_SIZE + 1,
    ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    orderBy: [{ name: 'asc' as const }, { id: 'asc' as const }],
  };
}

/** Splits the extra row fetched by pageArgs into "has a next page". */
export function toPage<T extends { id: string }>(rows: T[]): { rows: T[]; nextAfter: string | null } {
  if (rows.length <= PAGE_SIZE) return { rows, nextAfter: null };
  const shown = rows.slice(0, PAGE_SIZE);
  return { rows: shown, nextAfter: shown[shown.length - 1]?.id ?? null };
}
