'use server';

import { postofficeIo, runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';
import { autoreplySteps, forwardSteps } from '@/lib/web/mailbox-steps';
import { ownMailbox } from '@/lib/web/own-mailbox';

// No account id from the browser: it is the session's own (ownMailbox), whatever fields a form carries.

export async function setOwnForwardAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, forwardSteps(ownMailbox, '/postoffice').save, await postofficeIo());
}

export async function clearOwnForwardAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, forwardSteps(ownMailbox, '/postoffice').stop, await postofficeIo());
}

export async function setOwnAutoreplyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, autoreplySteps(ownMailbox, '/postoffice').save, await postofficeIo());
}

export async function clearOwnAutoreplyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, autoreplySteps(ownMailbox, '/postoffice').stop, await postofficeIo());
}
