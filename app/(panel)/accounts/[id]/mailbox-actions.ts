'use server';

import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';
import { autoreplySteps, forwardSteps } from '@/lib/web/mailbox-steps';

// The account page's forward and autoreply: the same forms as the postoffice, for the account whose id the
// page binds (checked as an id here, as the actor's by the data layer).

export async function setForwardAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, { ...forwardSteps(() => id, `/accounts/${id}`).save, bound: [id] });
}

export async function clearForwardAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, { ...forwardSteps(() => id, `/accounts/${id}`).stop, bound: [id] });
}

export async function setAutoreplyAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, { ...autoreplySteps(() => id, `/accounts/${id}`).save, bound: [id] });
}

export async function clearAutoreplyAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, { ...autoreplySteps(() => id, `/accounts/${id}`).stop, bound: [id] });
}
