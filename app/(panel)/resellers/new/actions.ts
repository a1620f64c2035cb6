'use server';

import { createReseller } from '@/lib/data/resellers';
import { ResellerInput } from '@/lib/validation/tenants';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function createResellerAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    schema: ResellerInput,
    lists: ['mailHostIds'],
    run: (actor, input) => createReseller(actor, input),
    done: (created) => ({ revalidate: ['/resellers'], redirect: `/resellers/${created.id}?created=1` }),
  });
}
