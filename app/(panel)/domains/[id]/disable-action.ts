'use server';

import { setDomainEnabled } from '@/lib/data/domains';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/**
 * The second step of "Disable domain…", after the page listed what stops (disable-domain.tsx). It answers
 * with a redirect, so the page says "disabled" with or without JavaScript.
 */
export async function disableDomainAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    run: (actor) => setDomainEnabled(actor, id, false),
    done: () => ({ revalidate: [`/domains/${id}`, '/domains'], redirect: `/domains/${id}?disabled=1` }),
  });
}
