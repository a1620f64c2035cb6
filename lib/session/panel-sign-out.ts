import { endThisSession } from '../data/user-sessions';
import { signOut } from './auth';
import { currentSession } from './session';

/**
 * Signing out of the panel: this browser's session row ends (so a copy of its cookie stops working too)
 * and Auth.js clears the cookie. The user's other sessions stay; "My account" ends them. A login that
 * must still choose a new password may sign out too.
 */
export async function signOutPanel(): Promise<void> {
  const session = await currentSession();
  if (session?.sessionId) await endThisSession(session.actor, session.sessionId);
  await signOut({ redirectTo: '/login' });
}
