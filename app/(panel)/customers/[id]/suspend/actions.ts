'use server';

import { setCustomerStatus } from '@/lib/data/customers';
import { SuspendCustomerInput } from '@/lib/validation/tenants';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function suspendCustomerAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    schema: SuspendCustomerInput,
    run: (actor, input) => setCustomerStatus(actor, id, 'SUSPENDED', input),
    done: () => ({ revalidate: ['/customers', `/customers/${id}`], redirect: `/customers/${id}?suspended=1` }),
  });
}
