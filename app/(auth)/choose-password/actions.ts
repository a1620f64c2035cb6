'use server';

import { chooseNewPassword } from '@/lib/data/own-password';
import { thisSessionId } from '@/lib/session/session';
import { ChosenPasswordForm } from '@/lib/validation/logins';
import { passwordChoiceIo, runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/** The one action a login that must choose a new password may take (besides signing out). */
export async function choosePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const step = {
    schema: ChosenPasswordForm,
    run: async (actor: Parameters<typeof chooseNewPassword>[0], input: ChosenPasswordForm) =>
      chooseNewPassword(actor, await thisSessionId(), input),
    done: () => ({ redirect: '/profile?chosen=1' }),
  };
  return runFormAction(formData, step, await passwordChoiceIo());
}
