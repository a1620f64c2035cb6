'use server';

import { setCustomerStatus } from '@/lib/data/customers';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

// Suspending is reviewed first (./suspend); reactivating only gives back what suspending stopped.
export async function reactivateCustomerAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    run: (actor) => setCustomerStatus(actor, id, 'ACTIVE'),
    done: () => ({ revalidate: [`/customers/${id}`], message: 'Customer reactivated.' }),
  });
}
