'use server';

import { createMailHost } from '@/lib/data/mail-hosts';
import { saveMailHost, syncNow } from '@/lib/jobs/host-requests';
import { overridesFromForm } from '@/lib/validation/host-settings-form';
import { MailHostInput } from '@/lib/validation/mail-host';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

// The edit form has an "enabled" checkbox (absent when unchecked); the new-host form has none. A pasted
// private key is never sent back to the browser (the adapter drops it from what a form shows again).
const parse = (values: Record<string, string | string[]>) =>
  MailHostInput.safeParse({
    ...values,
    enabled: values.enabledShown ? (values.enabled ?? 'false') : undefined,
    settings: overridesFromForm(values),
  });

export async function createMailHostAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    parse,
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
    parse,
    run: (actor, input) => saveMailHost(actor, id, input),
    done: () => ({ revalidate: ['/mail-hosts', `/mail-hosts/${id}`], redirect: `/mail-hosts/${id}?saved=1` }),
  });
}

export async function syncNowAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    run: (actor) => syncNow(actor, id),
    done: ({ name }) => ({
      revalidate: ['/mail-hosts', `/mail-hosts/${id}`],
      message: `Publishing ${name} now: the result appears in its history in a moment.`,
    }),
  });
}
