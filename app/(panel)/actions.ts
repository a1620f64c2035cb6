'use server';

import { signOut } from '@/lib/auth/auth';
import { getActor } from '@/lib/auth/session';
import { endSessions } from '@/lib/data/sessions';

export async function signOutAction(): Promise<void> {
  const actor = await getActor();
  if (actor) await endSessions(actor);
  await signOut({ redirectTo: '/login' });
}
