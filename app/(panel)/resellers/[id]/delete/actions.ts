'use server';

import { deleteReseller } from '@/lib/data/tenant-deletion';
import { DeleteTenantInput } from '@/lib/validation/tenants';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function deleteResellerAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    schema: DeleteTenantInput,
    run: (actor, input) => deleteReseller(actor, id, input.confirmName),
    done: (_result, input) => ({
      revalidate: ['/resellers', '/customers', '/domains'],
      redirect: `/resellers?deleted=${encodeURIComponent(input.confirmName)}`,
    }),
  });
}
