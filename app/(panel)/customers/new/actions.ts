'use server';

import { createCustomer } from '@/lib/data/customers';
import { CustomerInput } from '@/lib/validation/tenants';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function createCustomerAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    // An empty reseller choice (a reseller creating its own customer) means none.
    parse: (values) => CustomerInput.safeParse({ ...values, resellerId: values.resellerId || undefined }),
    run: (actor, input) => createCustomer(actor, input),
    done: (created) => ({ revalidate: ['/customers'], redirect: `/customers/${created.id}?created=1` }),
  });
}
