'use server';

import { deleteCustomer } from '@/lib/data/tenant-deletion';
import { DeleteTenantInput } from '@/lib/validation/tenants';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function deleteCustomerAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    schema: DeleteTenantInput,
    run: (actor, input) => deleteCustomer(actor, id, input.confirmName),
    done: (_result, input) => ({
      revalidate: ['/customers', '/domains'],
      redirect: `/customers?deleted=${encodeURIComponent(input.confirmName)}`,
    }),
  });
}
