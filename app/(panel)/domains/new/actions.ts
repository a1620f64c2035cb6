'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { createDomain } from '@/lib/data/domains';
import { actionError } from '@/lib/web/action-error';
import { formValues, invalid, type FormState } from '@/lib/web/form-state';
import { DomainInput } from '@/lib/validation/tenants';

export async function createDomainAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = DomainInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  let created: { id: string };
  try {
    created = await createDomain(actor, parsed.data);
  } catch (error) {
    return actionError(error, values);
  }
  revalidatePath('/domains');
  redirect(`/domains/${created.id}?created=1`);
}
