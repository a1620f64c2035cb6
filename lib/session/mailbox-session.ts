import { redirect } from 'next/navigation';
import type { Actor } from '../auth/actor';
import { getActor } from './session';

// The mailbox user behind a /postoffice request: only a postoffice session gives one. A panel login (even
// an admin's) is not a mailbox's owner, and is asked to sign in with a mailbox.

export type MailboxActor = Extract<Actor, { kind: 'mailbox' }>;

/** The mailbox actor of this request, or null (no session, a panel session, or a stale one). */
export async function getMailboxActor(): Promise<MailboxActor | null> {
  const actor = await getActor();
  return actor?.kind === 'mailbox' ? actor : null;
}

/** The mailbox actor, or a redirect to /postoffice/login (a panel session is asked for a mailbox login). */
export async function requireMailboxActor(): Promise<MailboxActor> {
  const actor = await getMailboxActor();
  if (!actor) redirect('/postoffice/login');
  return actor;
}
