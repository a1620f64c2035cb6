'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { deleteDomain, setDomainEnabled } from '@/lib/data/domains';
import { actionError } from '@/lib/web/action-error';
import { formValues, invalid, type FormState } from '@/lib/web/form-state';
import { DeleteDomainInput } from '@/lib/validation/tenants';

// The domain id is bound on the server (action.bind(null, id)), never read from a hidden input.

export async function setDomainEnabledAction(id: string, enabled: boolean, _prev: FormState): Promise<FormState> {
  const actor = await requireActor();
  try {
    await setDomainEnabled(actor, id, enabled);
  } catch (error) {
    return actionError(error);
  }
  revalidatePath(`/domains/${id}`);
  revalidatePath('/domains');
  return { status: 'ok', message: enabled ? 'Domain enabled. It goes live at the next sync.' : 'Domain disabled. It stops receiving mail at the next sync.' };
}

export async function deleteDomainAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = DeleteDomainInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await deleteDomain(actor, id, parsed.data.confirmName);
  } catch (error) {
    return actionError(error, values);
  }
  revalidatePath('/domains');
  redirect(`/domains?deleted=${encodeURIComponent(parsed.data.confirmName)}`);
}
