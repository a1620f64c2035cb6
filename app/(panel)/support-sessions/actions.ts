'use server';

import { endActAs } from '@/lib/data/support-sessions';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/** An admin ends a running act-as: the support user is itself (read-only) again at its next click. */
export async function endActAsAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    run: (actor) => endActAs(actor, id),
    done: () => ({ revalidate: ['/support-sessions'], message: 'Act-as ended.' }),
  });
}
