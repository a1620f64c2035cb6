'use server';

import { setResellerStatus } from '@/lib/data/resellers';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function setResellerStatusAction(id: string, suspend: boolean, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    run: (actor) => setResellerStatus(actor, id, suspend ? 'SUSPENDED' : 'ACTIVE'),
    done: () => ({
      revalidate: [`/resellers/${id}`],
      message: suspend ? "Reseller suspended: its logins and its customers' logins stop working at once." : 'Reseller reactivated.',
    }),
  });
}
