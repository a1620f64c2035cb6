'use server';

import { setCustomerStatus } from '@/lib/data/customers';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

// Suspending is reviewed first (./suspend); reactivating only gives back what suspending stopped.
export async function reactivateCustomerAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    run: (actor) => setCustomerStatus(actor, id, 'ACTIVE'),
    // A redirect, not a message: the button is gone once the customer is active again.
    done: () => ({ revalidate: [`/customers/${id}`], redirect: `/customers/${id}?reactivated=1` }),
  });
}
