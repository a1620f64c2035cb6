'use server';

import { deleteDomain, setDomainEnabled } from '@/lib/data/domains';
import { DeleteDomainInput } from '@/lib/validation/tenants';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

// The domain id is bound by the page (action.bind(null, id)). Like any argument it comes back from the
// browser: the adapter checks its form, the data layer that the domain is the actor's.

export async function setDomainEnabledAction(id: string, enabled: boolean, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id, enabled],
    run: (actor) => setDomainEnabled(actor, id, enabled),
    done: () => ({
      revalidate: [`/domains/${id}`, '/domains'],
      message: enabled ? 'Domain enabled. It goes live at the next sync.' : 'Domain disabled. It stops receiving mail at the next sync.',
    }),
  });
}

export async function deleteDomainAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    schema: DeleteDomainInput,
    run: (actor, input) => deleteDomain(actor, id, input.confirmName),
    done: (_result, input) => ({ revalidate: ['/domains'], redirect: `/domains?deleted=${encodeURIComponent(input.confirmName)}` }),
  });
}
