'use server';

import { signOut } from '@/lib/session/auth';
import { getActor } from '@/lib/session/session';
import { endSessions } from '@/lib/data/sessions';

export async function signOutAction(): Promise<void> {
  const actor = await getActor();
  if (actor) await endSessions(actor);
  await signOut({ redirectTo: '/login' });
}
