'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { deleteAccount, updateAccount } from '@/lib/data/accounts';
import { actionError } from '@/lib/web/action-error';
import { confirmation } from '@/lib/web/confirmation';
import { formValues, invalid, type FormState } from '@/lib/web/form-state';
import { AccountUpdateInput } from '@/lib/validation/accounts';

export async function updateAccountAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = AccountUpdateInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  const input = { id, ...parsed.data };
  try {
    await updateAccount(actor, id, parsed.data, confirmation(formData, actor, input));
  } catch (error) {
    return actionError(error, values, confirmation(formData, actor, input));
  }
  revalidatePath(`/accounts/${id}`);
  return { status: 'ok', message: 'Account saved. Waiting for sync: the mail host gets it at the next publish.', values: { ...values, password: '' } };
}

export async function deleteAccountAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const input = { id, delete: true };
  let name: string;
  try {
    name = await deleteAccount(actor, id, confirmation(formData, actor, input));
  } catch (error) {
    return actionError(error, {}, confirmation(formData, actor, input));
  }
  revalidatePath('/accounts');
  redirect(`/accounts?deleted=${encodeURIComponent(name)}`);
}
