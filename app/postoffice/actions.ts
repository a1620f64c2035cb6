'use server';

import { changeMailboxPassword } from '@/lib/data/postoffice';
import { renewMailboxSession, signOutMailbox } from '@/lib/session/mailbox-sign-in';
import { PasswordChangeForm } from '@/lib/validation/postoffice';
import { postofficeIo, runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';
import { ownMailbox } from '@/lib/web/own-mailbox';

/**
 * The change ends every session of the mailbox (a new sessionVersion): this browser signs in again with the
 * new password. A redirect, not a re-render, follows: Next renders the redirect's page with the new session
 * cookie, while a re-render in this request would still see the old, now ended, session. The password is
 * changed even when this browser cannot be signed in again (renewMailboxSession): the login page says so.
 */
export async function changePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const step = {
    schema: PasswordChangeForm,
    run: async (actor: Parameters<typeof ownMailbox>[0], input: PasswordChangeForm) => {
      await changeMailboxPassword(actor, ownMailbox(actor), input);
      return renewMailboxSession(actor.label, input.newPassword);
    },
    done: (renewed: boolean) => ({ redirect: renewed ? '/postoffice?changed=password' : '/postoffice/login?changed=password' }),
  };
  return runFormAction(formData, step, await postofficeIo());
}

export async function mailboxSignOutAction(): Promise<void> {
  await signOutMailbox();
}
