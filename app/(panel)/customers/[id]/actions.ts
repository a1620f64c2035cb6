'use server';

import { setCustomerStatus } from '@/lib/data/customers';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function setCustomerStatusAction(id: string, suspend: boolean, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    run: (actor) => setCustomerStatus(actor, id, suspend ? 'SUSPENDED' : 'ACTIVE'),
    done: () => ({
      revalidate: [`/customers/${id}`],
      message: suspend ? 'Customer suspended: its logins stop working at once.' : 'Customer reactivated.',
    }),
  });
}
