'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { approveDomain, verifyDomainByDns } from '@/lib/data/domain-ownership';
import { deleteDomain, setDomainEnabled, setDomainStrict } from '@/lib/data/domains';
import { actionError } from '@/lib/web/action-error';
import { formValues, invalid, type FormState } from '@/lib/web/form-state';
import { DeleteDomainInput } from '@/lib/validation/tenants';
import { VirtmapInput } from '@/lib/validation/mail-objects';
import { createVirtmap, deleteVirtmap, updateVirtmap } from '@/lib/data/virtmaps';
import { confirmation } from '@/lib/web/confirmation';

// The domain id is bound on the server (action.bind(null, id)), never read from a hidden input.

export async function setDomainEnabledAction(id: string, enabled: boolean, _prev: FormState): Promise<FormState> {
  const actor = await requireActor();
  try {
    await setDomainEnabled(actor, id, enabled);
  } catch (error) {
    return actionError(error);
  }
  revalidatePath(`/domains/${id}`);
  revalidatePath('/domains');
  return { status: 'ok', message: enabled ? 'Domain enabled. It goes live at the next sync.' : 'Domain disabled. It stops receiving mail at the next sync.' };
}

/** Strict (only its own addresses exist) or open (its customer's names answer there): reviewed first. */
export async function setDomainStrictAction(id: string, strict: boolean, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const input = { id, strict };
  try {
    await setDomainStrict(actor, id, strict, confirmation(formData, actor, input));
  } catch (error) {
    return actionError(error, {}, confirmation(formData, actor, input));
  }
  revalidatePath(`/domains/${id}`);
  return { status: 'ok', message: strict ? 'The domain is strict now: only its own addresses exist (from the next sync).' : 'The domain is open again: your accounts and aliases answer at it (from the next sync).' };
}

/** "Check DNS now": looks for the domain's TXT record; the answer (found, missing, wrong) is the message. */
export async function checkDomainDnsAction(id: string, _prev: FormState): Promise<FormState> {
  const actor = await requireActor();
  let result: Awaited<ReturnType<typeof verifyDomainByDns>>;
  try {
    result = await verifyDomainByDns(actor, id);
  } catch (error) {
    return actionError(error);
  }
  revalidatePath(`/domains/${id}`);
  revalidatePath('/domains');
  return { status: 'ok', message: result.changed ? `Ownership proven: the TXT record is in DNS. ${result.name} takes mail from the next sync.` : `Ownership of ${result.name} is proven already.` };
}

/** An operator vouches for the domain (audited as domain.approve). */
export async function approveDomainAction(id: string, _prev: FormState): Promise<FormState> {
  const actor = await requireActor();
  let result: Awaited<ReturnType<typeof approveDomain>>;
  try {
    result = await approveDomain(actor, id);
  } catch (error) {
    return actionError(error);
  }
  revalidatePath(`/domains/${id}`);
  revalidatePath('/domains');
  return { status: 'ok', message: result.changed ? `Ownership proven by your approval. ${result.name} takes mail from the next sync.` : `Ownership of ${result.name} is proven already.` };
}

export async function deleteDomainAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = DeleteDomainInput.safeParse(values);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    await deleteDomain(actor, id, parsed.data.confirmName);
  } catch (error) {
    return actionError(error, values);
  }
  revalidatePath('/domains');
  redirect(`/domains?deleted=${encodeURIComponent(parsed.data.confirmName)}`);
}

export async function createVirtmapAction(domainId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  const parsed = VirtmapInput.safeParse({ ...values, domainId });
  if (!parsed.success) return invalid(parsed.error, values);
  let key: string;
  try {
    ({ key } = await createVirtmap(actor, parsed.data, confirmation(formData, actor, parsed.data)));
  } catch (error) {
    return actionError(error, values, confirmation(formData, actor, parsed.data));
  }
  revalidatePath(`/domains/${domainId}`);
  return { status: 'ok', message: `${key} saved. Waiting for sync.` };
}

export async function deleteVirtmapAction(virtmapId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const input = { virtmapId, delete: true };
  try {
    const { key, domainId } = await deleteVirtmap(actor, virtmapId, confirmation(formData, actor, input));
    revalidatePath(`/domains/${domainId}`);
    return { status: 'ok', message: `${key} deleted. Waiting for sync.` };
  } catch (error) {
    return actionError(error, {}, confirmation(formData, actor, input));
  }
}

export async function updateVirtmapAction(virtmapId: string, domainId: string, localPart: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formValues(formData);
  // The key is bound on the server; only the target comes from the form.
  const parsed = VirtmapInput.safeParse({ ...values, domainId, localPart });
  if (!parsed.success) return invalid(parsed.error, values);
  const input = { virtmapId, ...parsed.data };
  try {
    const { key } = await updateVirtmap(actor, virtmapId, parsed.data, confirmation(formData, actor, input));
    revalidatePath(`/domains/${domainId}`);
    return { status: 'ok', message: `${key} saved. Waiting for sync.` };
  } catch (error) {
    return actionError(error, values, confirmation(formData, actor, input));
  }
}
