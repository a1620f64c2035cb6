'use server';

import { updateReseller } from '@/lib/data/reseller-edit';
import { ResellerEditInput } from '@/lib/validation/tenants';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function updateResellerAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    schema: ResellerEditInput,
    lists: ['mailHostIds'],
    run: (actor, input) => updateReseller(actor, id, input),
    done: () => ({ revalidate: ['/resellers', `/resellers/${id}`], redirect: `/resellers/${id}?updated=1` }),
  });
}
