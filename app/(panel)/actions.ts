'use server';

import { redirect } from 'next/navigation';
import { endActAs } from '@/lib/data/support-sessions';
import { requireActor } from '@/lib/session/session';
import { signOutPanel } from '@/lib/session/panel-sign-out';

export async function signOutAction(): Promise<void> {
  await signOutPanel();
}

/** The banner's "Stop acting": ends this browser's act-as; support is itself (read-only) again. */
export async function stopActingAction(): Promise<void> {
  const actor = await requireActor();
  const acting = 'actingAs' in actor ? actor.actingAs : undefined;
  if (acting) await endActAs(actor, acting.supportSessionId);
  redirect('/');
}
