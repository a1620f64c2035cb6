'use server';

import { updateCustomer } from '@/lib/data/customer-edit';
import { CustomerEditInput } from '@/lib/validation/tenants';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function updateCustomerAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    schema: CustomerEditInput,
    lists: ['mailHostIds'],
    run: (actor, input) => updateCustomer(actor, id, input),
    done: () => ({ revalidate: ['/customers', `/customers/${id}`], redirect: `/customers/${id}?updated=1` }),
  });
}
