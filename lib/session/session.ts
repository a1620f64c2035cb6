import { cache } from 'react';
import { redirect } from 'next/navigation';
import type { Actor } from '../auth/actor';
import { auth } from './auth';
import { loadActor } from '../data/sessions';
import { loadMailboxActor } from '../data/mailbox-sessions';

/**
 * The acting user for this request, or null. Cached per request: a page and its actions read the user
 * once. A suspended user, a suspended reseller or customer, or a stale session yields null. A postoffice
 * session gives its mailbox actor, for which every panel screen answers 404 (lib/auth/screens.ts).
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  if (!session?.uid || session.sessionVersion === undefined) return null;
  return session.kind === 'mailbox'
    ? loadMailboxActor(session.uid, session.sessionVersion)
    : loadActor(session.uid, session.sessionVersion);
});

/** The acting user, or a redirect to the login page. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect('/login');
  return actor;
}
