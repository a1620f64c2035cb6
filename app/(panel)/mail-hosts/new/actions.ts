'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { createMailHost } from '@/lib/data/mail-hosts';
import { actionError } from '@/lib/web/action-error';
import { formValues, invalid, type FormState } from '@/lib/web/form-state';
import { MailHostInput } from '@/lib/validation/mail-host';

export async function createMailHostAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = MailHostInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await createMailHost(actor, parsed.data);
  } catch (error) {
    return actionError(error, values);
  }
  revalidatePath('/mail-hosts');
  redirect('/mail-hosts');
}
