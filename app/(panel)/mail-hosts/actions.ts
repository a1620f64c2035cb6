'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { createMailHost, requestSync, updateMailHost } from '@/lib/data/mail-hosts';
import { actionError } from '@/lib/web/action-error';
import { formValues, invalid, type FormState } from '@/lib/web/form-state';
import { overridesFromForm } from '@/lib/validation/host-settings-form';
import { MailHostInput } from '@/lib/validation/mail-host';

// A pasted private key is never sent back to the browser, whatever happens.
function parse(formData: FormData) {
  const { sshPrivateKey, ...values } = formValues(formData);
  // The edit form has an "enabled" checkbox (absent when unchecked); the new-host form has none.
  const enabled = values.enabledShown ? (values.enabled ?? 'false') : undefined;
  const parsed = MailHostInput.safeParse({ ...values, sshPrivateKey, enabled, settings: overridesFromForm(values) });
  return { parsed, values };
}

export async function createMailHostAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { parsed, values } = parse(formData);
  if (!parsed.success) return invalid(parsed.error, values);
  let id: string;
  try {
    ({ id } = await createMailHost(actor, parsed.data));
  } catch (error) {
    return actionError(error, values);
  }
  revalidatePath('/mail-hosts');
  // An SSH host's page shows the public key the admin must now put into authorized_keys.
  redirect(parsed.data.transport === 'SSH' ? `/mail-hosts/${id}?created=1` : '/mail-hosts');
}

export async function updateMailHostAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const { parsed, values } = parse(formData);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await updateMailHost(actor, id, parsed.data);
  } catch (error) {
    return actionError(error, values);
  }
  revalidatePath('/mail-hosts');
  revalidatePath(`/mail-hosts/${id}`);
  redirect(`/mail-hosts/${id}?saved=1`);
}

export async function syncNowAction(id: string, _prev: FormState): Promise<FormState> {
  const actor = await requireActor();
  let name: string;
  try {
    ({ name } = await requestSync(actor, id));
  } catch (error) {
    return actionError(error);
  }
  revalidatePath('/mail-hosts');
  revalidatePath(`/mail-hosts/${id}`);
  return { status: 'ok', message: `Publishing ${name} now: the result appears in its history in a moment.` };
}
