'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { createAccount } from '@/lib/data/accounts';
import { actionError } from '@/lib/web/action-error';
import { confirmation } from '@/lib/web/confirmation';
import { formValues, invalid, type FormState } from '@/lib/web/form-state';
import { AccountInput } from '@/lib/validation/accounts';

export async function createAccountAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = AccountInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  let created: { id: string };
  try {
    created = await createAccount(actor, parsed.data, confirmation(formData, actor, parsed.data));
  } catch (error) {
    return actionError(error, values, confirmation(formData, actor, parsed.data));
  }
  revalidatePath('/accounts');
  redirect(`/accounts/${created.id}?created=1`);
}
