'use server';

import { changeMailboxPassword } from '@/lib/data/postoffice';
import { renewMailboxSession, signOutMailbox } from '@/lib/session/mailbox-sign-in';
import { PasswordChangeForm } from '@/lib/validation/postoffice';
import { postofficeIo, runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';
import { ownMailbox } from '@/lib/web/own-mailbox';

const CHANGED = 'Password changed. Use it in your mail programs too; every other session of this mailbox ended.';

/** The change ends every session of the mailbox (a new sessionVersion): this browser signs in again with the new password. */
export async function changePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const step = {
    schema: PasswordChangeForm,
    run: async (actor: Parameters<typeof ownMailbox>[0], input: PasswordChangeForm) => {
      await changeMailboxPassword(actor, ownMailbox(actor), input);
      await renewMailboxSession(actor.label, input.newPassword);
    },
    done: () => ({ revalidate: ['/postoffice'], message: CHANGED }),
  };
  return runFormAction(formData, step, await postofficeIo());
}

export async function mailboxSignOutAction(): Promise<void> {
  await signOutMailbox();
}
