'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { setCustomerStatus } from '@/lib/data/customers';
import { actionError } from '@/lib/web/action-error';
import type { FormState } from '@/lib/web/form-state';

export async function setCustomerStatusAction(id: string, suspend: boolean, _prev: FormState): Promise<FormState> {
  const actor = await requireActor();
  try {
    await setCustomerStatus(actor, id, suspend ? 'SUSPENDED' : 'ACTIVE');
  } catch (error) {
    return actionError(error);
  }
  revalidatePath(`/customers/${id}`);
  return { status: 'ok', message: suspend ? 'Customer suspended: its logins stop working at once.' : 'Customer reactivated.' };
}
