'use server';

import { deleteDomain, setDomainEnabled } from '@/lib/data/domains';
import { DeleteDomainInput } from '@/lib/validation/tenants';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

// The domain id is bound on the server (action.bind(null, id)), never read from a hidden input.

export async function setDomainEnabledAction(id: string, enabled: boolean, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    run: (actor) => setDomainEnabled(actor, id, enabled),
    done: () => ({
      revalidate: [`/domains/${id}`, '/domains'],
      message: enabled ? 'Domain enabled. It goes live at the next sync.' : 'Domain disabled. It stops receiving mail at the next sync.',
    }),
  });
}

export async function deleteDomainAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    schema: DeleteDomainInput,
    run: (actor, input) => deleteDomain(actor, id, input.confirmName),
    done: (_result, input) => ({ revalidate: ['/domains'], redirect: `/domains?deleted=${encodeURIComponent(input.confirmName)}` }),
  });
}
