'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { createCustomer } from '@/lib/data/customers';
import { actionError } from '@/lib/web/action-error';
import { formValues, invalid, type FormState } from '@/lib/web/form-state';
import { CustomerInput } from '@/lib/validation/tenants';

export async function createCustomerAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = CustomerInput.safeParse({ ...values, resellerId: values.resellerId || undefined });
  if (!parsed.success) return invalid(parsed.error, values);
  let created: { id: string };
  try {
    created = await createCustomer(actor, parsed.data);
  } catch (error) {
    return actionError(error, values);
  }
  revalidatePath('/customers');
  redirect(`/customers/${created.id}?created=1`);
}
