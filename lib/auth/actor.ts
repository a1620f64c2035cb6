// Who is acting. Built on the server from the session and the database on every request, never from
// anything the browser sends; passed first to every data function.
export type Actor =
  | { kind: 'admin'; userId: string; label: string }
  | { kind: 'support'; userId: string; label: string }
  | { kind: 'reseller'; userId: string; label: string; resellerId: string; actingAs?: ActingAs }
  | { kind: 'customer'; userId: string; label: string; resellerId: string; customerId: string; actingAs?: ActingAs }
  | { kind: 'mailbox'; label: string; accountId: string; customerId: string; resellerId: string; actingAs?: ActingAs };

export type ActorKind = Actor['kind'];

/** The database Role written into audit events for each kind of actor. */
export const roleOf = {
  admin: 'ADMIN',
  support: 'SUPPORT',
  reseller: 'RESELLER',
  customer: 'CUSTOMER',
  mailbox: 'MAILBOX',
} as const satisfies Record<ActorKind, string>;

/**
 * A support user acting as a reseller, customer or mailbox (lib/data/support-sessions.ts): the actor is
 * the target's, so the target's tenant (or the one mailbox) bounds everything it reads and changes;
 * `userId` (on a reseller or customer) stays the support user's own, and every audit event names both
 * (lib/data/audit.ts).
 */
export interface ActingAs {
  supportSessionId: string;
  supportUserId: string;
  supportLabel: string;
  targetLabel: string;
  reason: string;
  expiresAt: Date;
}
