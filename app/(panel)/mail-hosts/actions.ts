'use server';

import { createMailHost } from '@/lib/data/mail-hosts';
import { saveMailHost } from '@/lib/jobs/host-requests';
import { parseMailHostForm } from '@/lib/validation/mail-host';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

// A pasted private key is never sent back to the browser (the adapter drops it from what a form shows again).

export async function createMailHostAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    parse: parseMailHostForm,
    run: (actor, input) => createMailHost(actor, input),
    // An SSH host's page shows the public key the admin must now put into authorized_keys.
    done: ({ id }, input) => ({
      revalidate: ['/mail-hosts'],
      redirect: input.transport === 'SSH' ? `/mail-hosts/${id}?created=1` : '/mail-hosts',
    }),
  });
}

export async function updateMailHostAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    parse: parseMailHostForm,
    run: (actor, input) => saveMailHost(actor, id, input),
    done: () => ({ revalidate: ['/mail-hosts', `/mail-hosts/${id}`], redirect: `/mail-hosts/${id}?saved=1` }),
  });
}
