import { cache } from 'react';
import { redirect } from 'next/navigation';
import type { Actor } from '../auth/actor';
import { auth } from './auth';
import { loadMailboxActor } from '../data/mailbox-sessions';
import { loadPanelSession, type PanelActor, type PanelSession } from '../data/user-sessions';

/** Where a login whose password was reset must go first, and may only go (app/(auth)/choose-password). */
export const CHOOSE_PASSWORD_PATH = '/choose-password';

type CurrentSession = PanelSession | { actor: Extract<Actor, { kind: 'mailbox' }>; sessionId: null; mustChangePassword: false };

/**
 * This request's session as the database says it is now, or null. Cached per request: a page and its
 * actions read it once. A panel session needs its live session row (ended by its user, a password change,
 * a reset or signing out), an active user with the same sessionVersion, and an active tenant.
 */
export const currentSession = cache(async (): Promise<CurrentSession | null> => {
  const session = await auth();
  if (!session?.uid || session.sessionVersion === undefined) return null;
  if (session.kind === 'mailbox') {
    const actor = await loadMailboxActor(session.uid, session.sessionVersion);
    return actor?.kind === 'mailbox' ? { actor, sessionId: null, mustChangePassword: false } : null;
  }
  return loadPanelSession(session.uid, session.sessionVersion, session.sessionId);
});

/**
 * The acting user for this request, or null: no session, a stale or ended one, a suspended user or
 * tenant, or a login that must choose a new password first (it may act on nothing until it has). A
 * postoffice session gives its mailbox actor, for which every panel screen answers 404 (lib/auth/screens.ts).
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await currentSession();
  return session && !session.mustChangePassword ? session.actor : null;
});

/** The acting user, or a redirect: to the login page, or to choosing a new password after a reset. */
export async function requireActor(): Promise<Actor> {
  const session = await currentSession();
  if (!session) redirect('/login');
  if (session.mustChangePassword) redirect(CHOOSE_PASSWORD_PATH);
  return session.actor;
}

/** A panel session whose login must choose a new password; any other session goes where it belongs. */
export async function requirePasswordChoice(): Promise<PanelActor> {
  const session = await currentSession();
  if (!session) redirect('/login');
  if (!session.mustChangePassword || session.actor.kind === 'mailbox') redirect('/');
  return session.actor;
}

/** The session row of this request's panel session (its user's "this browser"), or a redirect to the login page. */
export async function thisSessionId(): Promise<string> {
  const sessionId = (await currentSession())?.sessionId;
  if (!sessionId) redirect('/login');
  return sessionId;
}

/** Whether this request has a panel session that must choose a new password before anything else. */
export async function mustChoosePassword(): Promise<boolean> {
  return (await currentSession())?.mustChangePassword === true;
}
