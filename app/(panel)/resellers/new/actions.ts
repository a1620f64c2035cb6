'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { createReseller } from '@/lib/data/resellers';
import { actionError } from '@/lib/web/action-error';
import { formValues, invalid, type FormState } from '@/lib/web/form-state';
import { ResellerInput } from '@/lib/validation/tenants';

export async function createResellerAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData, ['mailHostIds']);
  const parsed = ResellerInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  let created: { id: string };
  try {
    created = await createReseller(actor, parsed.data);
  } catch (error) {
    return actionError(error, values);
  }
  revalidatePath('/resellers');
  redirect(`/resellers/${created.id}?created=1`);
}
