'use server';

import { syncNow } from '@/lib/jobs/host-requests';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/** An operator's "Sync now": publishes the host at once, whatever is waiting. */
export async function syncNowAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    run: (actor) => syncNow(actor, id),
    done: ({ name }) => ({
      revalidate: ['/mail-hosts', `/mail-hosts/${id}`],
      message: `Publishing ${name} now: the result appears in its history in a moment.`,
    }),
  });
}
