'use server';

import { setResellerStatus } from '@/lib/data/resellers';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

// Suspending is reviewed first (./suspend); reactivating only gives back what suspending stopped.
export async function reactivateResellerAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    run: (actor) => setResellerStatus(actor, id, 'ACTIVE'),
    // A redirect, not a message: the button is gone once the reseller is active again.
    done: () => ({ revalidate: [`/resellers/${id}`], redirect: `/resellers/${id}?reactivated=1` }),
  });
}
