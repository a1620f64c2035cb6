import type { Actor } from '../auth/actor';

// CONTRACT (issue 10, being built): the mailbox user behind a /postoffice request.

export type MailboxActor = Extract<Actor, { kind: 'mailbox' }>;

/** The mailbox actor of this request, or null (no session, a panel session, or a stale one). */
export async function getMailboxActor(): Promise<MailboxActor | null> {
  throw new Error('not built yet (issue 10)');
}

/** The mailbox actor, or a redirect to /postoffice/login (a panel session is asked for a mailbox login). */
export async function requireMailboxActor(): Promise<MailboxActor> {
  throw new Error('not built yet (issue 10)');
}
