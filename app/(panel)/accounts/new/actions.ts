'use server';

import { createAccount } from '@/lib/data/accounts';
import { AccountInput } from '@/lib/validation/accounts';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function createAccountAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    schema: AccountInput,
    run: (actor, input, review) => createAccount(actor, input, review),
    done: (created) => ({ revalidate: ['/accounts'], redirect: `/accounts/${created.id}?created=1` }),
  });
}
