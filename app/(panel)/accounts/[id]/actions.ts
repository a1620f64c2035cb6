'use server';

import { deleteAccount, updateAccount } from '@/lib/data/accounts';
import { AccountUpdateInput } from '@/lib/validation/accounts';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function updateAccountAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    schema: AccountUpdateInput,
    confirmKey: (input) => ({ id, ...input }),
    run: (actor, input, review) => updateAccount(actor, id, input, review),
    done: () => ({
      revalidate: [`/accounts/${id}`],
      message: 'Account saved. Waiting for sync: the mail host gets it at the next publish.',
    }),
  });
}

export async function deleteAccountAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    confirmKey: () => ({ id, delete: true }),
    run: (actor, _input, review) => deleteAccount(actor, id, review),
    done: (name) => ({ revalidate: ['/accounts'], redirect: `/accounts?deleted=${encodeURIComponent(name)}` }),
  });
}
