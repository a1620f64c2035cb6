'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { deleteAlias, updateAliasTargets } from '@/lib/data/aliases';
import { actionError } from '@/lib/web/action-error';
import { confirmationToken, isConfirmed } from '@/lib/web/confirmation';
import { formValues, invalid, type FormState } from '@/lib/web/form-state';
import { AliasTargetsInput } from '@/lib/validation/mail-objects';

export async function updateAliasAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = AliasTargetsInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const input = { id, ...parsed.data };
  try {
    await updateAliasTargets(actor, id, parsed.data.targets, { confirmed: isConfirmed(formData, input) });
  } catch (error) {
    return actionError(error, values, confirmationToken(input));
  }
  revalidatePath(`/aliases/${id}`);
  return { status: 'ok', message: 'Alias saved. Waiting for sync.', values };
}

export async function deleteAliasAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const input = { id, delete: true };
  let name: string;
  try {
    name = await deleteAlias(actor, id, { confirmed: isConfirmed(formData, input) });
  } catch (error) {
    return actionError(error, {}, confirmationToken(input));
  }
  revalidatePath('/aliases');
  redirect(`/aliases?deleted=${encodeURIComponent(name)}`);
}
