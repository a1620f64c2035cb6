'use server';

import { turnOffTwoFactor } from '@/lib/data/two-factor';
import { AuthenticatorCodeInput } from '@/lib/validation/two-factor';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/** Two-factor sign-in off again (where it is not required), with a current code from the app. */
export async function turnOffTwoFactorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    schema: AuthenticatorCodeInput,
    run: turnOffTwoFactor,
    done: () => ({ redirect: '/profile?twofactor=off' }),
  });
}
