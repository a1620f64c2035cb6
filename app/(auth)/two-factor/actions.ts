'use server';

import { confirmEnrolment } from '@/lib/data/two-factor';
import { AuthenticatorCodeInput } from '@/lib/validation/two-factor';
import { runFormAction, twoFactorSetupIo } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/** The app's first code turns two-factor sign-in on; the answer carries the recovery codes to the form, once. */
export async function confirmEnrolmentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const step = {
    schema: AuthenticatorCodeInput,
    run: confirmEnrolment,
    // No revalidation: the page drawn again would say "on" in place of this form, and the codes with it.
    done: (codes: string[]) => ({ values: { recoveryCodes: codes } }),
  };
  return runFormAction(formData, step, await twoFactorSetupIo());
}
