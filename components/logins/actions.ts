'use server';

import { resetLogin } from '@/lib/data/login-reset';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/**
 * The login is bound on the server from the list the actor may reset; the data layer matches it only
 * within what the actor may reset. The generated password goes back to this form once, and nowhere else.
 */
export async function resetLoginAction(userId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [userId],
    run: (actor) => resetLogin(actor, userId),
    done: (reset) => ({ message: `The password of ${reset.email} is reset.`, values: { temporaryPassword: reset.temporaryPassword } }),
  });
}
