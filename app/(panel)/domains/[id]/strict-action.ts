'use server';

import { setDomainStrict } from '@/lib/data/domains';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

// The domain id is bound by the page (action.bind(null, id)). Like any argument it comes back from the
// browser: the adapter checks its form, the data layer that the domain is the actor's.

/** Strict (only its own addresses exist) or open (its customer's names answer there): reviewed first. */
export async function setDomainStrictAction(id: string, strict: boolean, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id, strict],
    confirmKey: () => ({ id, strict }),
    run: (actor, _input, review) => setDomainStrict(actor, id, strict, review),
    done: () => ({
      revalidate: [`/domains/${id}`],
      message: strict
        ? 'The domain is strict now: only its own addresses exist (from the next sync).'
        : 'The domain is open again: your accounts and aliases answer at it (from the next sync).',
    }),
  });
}
