'use server';

import { signInMailbox } from '@/lib/session/mailbox-sign-in';
import { MailboxLoginForm } from '@/lib/validation/postoffice';
import { runPublicFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/** A mailbox's owner signs in: Auth.js's `mailbox` provider sets the session; a refusal is the form's message. */
export async function mailboxLoginAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runPublicFormAction(formData, {
    schema: MailboxLoginForm,
    run: (input) => signInMailbox(input),
    done: () => ({ redirect: '/postoffice' }),
  });
}
