'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { createAlias } from '@/lib/data/aliases';
import { actionError } from '@/lib/web/action-error';
import { confirmation } from '@/lib/web/confirmation';
import { formValues, invalid, type FormState } from '@/lib/web/form-state';
import { AliasInput } from '@/lib/validation/mail-objects';

export async function createAliasAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = AliasInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  let created: { id: string };
  try {
    created = await createAlias(actor, parsed.data, confirmation(formData, actor, parsed.data));
  } catch (error) {
    return actionError(error, values, confirmation(formData, actor, parsed.data));
  }
  revalidatePath('/aliases');
  redirect(`/aliases/${created.id}?created=1`);
}
