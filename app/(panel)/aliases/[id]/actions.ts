'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { deleteAlias, updateAliasTargets } from '@/lib/data/aliases';
import { actionError } from '@/lib/web/action-error';
import { confirmation } from '@/lib/web/confirmation';
import { formValues, invalid, type FormState } from '@/lib/web/form-state';
import { AliasTargetsInput } from '@/lib/validation/mail-objects';

export async function updateAliasAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = AliasTargetsInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const input = { id, ...parsed.data };
  try {
    await updateAliasTargets(actor, id, parsed.data.targets, confirmation(formData, actor, input));
  } catch (error) {
    return actionError(error, values, confirmation(formData, actor, input));
  }
  revalidatePath(`/aliases/${id}`);
  return { status: 'ok', message: 'Alias saved. Waiting for sync.', values };
}

export async function deleteAliasAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const input = { id, delete: true };
  let name: string;
  try {
    name = await deleteAlias(actor, id, confirmation(formData, actor, input));
  } catch (error) {
    return actionError(error, {}, confirmation(formData, actor, input));
  }
  revalidatePath('/aliases');
  redirect(`/aliases?deleted=${encodeURIComponent(name)}`);
}
