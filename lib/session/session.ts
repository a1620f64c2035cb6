import { cache } from 'react';
import { redirect } from 'next/navigation';
import type { Actor } from '../auth/actor';
import { auth } from './auth';
import { loadMailboxActor } from '../data/mailbox-sessions';
import { loadPanelSession, type PanelActor, type PanelSession } from '../data/user-sessions';

/** Where a login whose password was reset must go first, and may only go (app/(auth)/choose-password). */
export const CHOOSE_PASSWORD_PATH = '/choose-password';

type CurrentSession =
  PanelSession | { actor: Extract<Actor, { kind: 'mailbox' }>; sessionId: null; mustChangePassword: false; secondFactor: null };

/** The second step of signing in, and setting up two-factor sign-in where it is required. */
export const SECOND_FACTOR_PATH = '/login/code';
export const TWO_FACTOR_SETUP_PATH = '/two-factor';

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
    return actor?.kind === 'mailbox' ? { actor, sessionId: null, mustChangePassword: false, secondFactor: null } : null;
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
  return session && !session.mustChangePassword && !session.secondFactor ? session.actor : null;
});

/**
 * The acting user, or a redirect: to the login page; to the code page of a sign-in with two-factor; to
 * choosing a new password after a reset; to setting up two-factor sign-in where it is required.
 */
export async function requireActor(): Promise<Actor> {
  const session = await currentSession();
  if (!session) redirect('/login');
  if (session.secondFactor === 'code') redirect(SECOND_FACTOR_PATH);
  if (session.mustChangePassword) redirect(CHOOSE_PASSWORD_PATH);
  if (session.secondFactor === 'enrol') redirect(TWO_FACTOR_SETUP_PATH);
  return session.actor;
}

/** A panel session whose login must choose a new password; any other session goes where it belongs. */
export async function requirePasswordChoice(): Promise<PanelActor> {
  const session = await currentSession();
  if (!session) redirect('/login');
  if (session.secondFactor === 'code') redirect(SECOND_FACTOR_PATH);
  if (!session.mustChangePassword || session.actor.kind === 'mailbox') redirect('/');
  return session.actor;
}

/** A sign-in waiting for its code (app/(auth)/login/code); any other session goes where it belongs. */
export async function requireSecondFactorStep(): Promise<PanelActor> {
  const session = await currentSession();
  if (!session) redirect('/login');
  if (session.secondFactor !== 'code' || session.actor.kind === 'mailbox') redirect('/');
  return session.actor;
}

/**
 * Setting up two-factor sign-in (app/(auth)/two-factor): a login that must before anything else, or any
 * signed-in panel user from "My account".
 */
export async function requireTwoFactorSetup(): Promise<PanelActor> {
  const session = await currentSession();
  if (!session) redirect('/login');
  if (session.secondFactor === 'code') redirect(SECOND_FACTOR_PATH);
  if (session.mustChangePassword) redirect(CHOOSE_PASSWORD_PATH);
  if (session.actor.kind === 'mailbox') redirect('/postoffice');
  return session.actor;
}

/** Where a half-signed-in session must go first, if anywhere (the login page sends it on). */
export async function pendingStep(): Promise<string | null> {
  const session = await currentSession();
  if (session?.secondFactor === 'code') return SECOND_FACTOR_PATH;
  if (session?.mustChangePassword) return CHOOSE_PASSWORD_PATH;
  if (session?.secondFactor === 'enrol') return TWO_FACTOR_SETUP_PATH;
  return null;
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
