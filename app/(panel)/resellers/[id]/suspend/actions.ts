'use server';

import { setResellerStatus } from '@/lib/data/resellers';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function suspendResellerAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    run: (actor) => setResellerStatus(actor, id, 'SUSPENDED'),
    done: () => ({ revalidate: ['/resellers', `/resellers/${id}`], redirect: `/resellers/${id}?suspended=1` }),
  });
}
