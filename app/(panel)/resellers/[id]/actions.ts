'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { setResellerStatus } from '@/lib/data/resellers';
import { actionError } from '@/lib/web/action-error';
import type { FormState } from '@/lib/web/form-state';

export async function setResellerStatusAction(id: string, suspend: boolean, _prev: FormState): Promise<FormState> {
  const actor = await requireActor();
  try {
    await setResellerStatus(actor, id, suspend ? 'SUSPENDED' : 'ACTIVE');
  } catch (error) {
    return actionError(error);
  }
  revalidatePath(`/resellers/${id}`);
  return { status: 'ok', message: suspend ? 'Reseller suspended: its logins and its customers\' logins stop working at once.' : 'Reseller reactivated.' };
}
