'use server';

import { signOutPanel } from '@/lib/session/panel-sign-out';

export async function signOutAction(): Promise<void> {
  await signOutPanel();
}
