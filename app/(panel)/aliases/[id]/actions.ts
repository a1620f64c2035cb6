'use server';

import { deleteAlias, updateAliasTargets } from '@/lib/data/aliases';
import { AliasTargetsInput } from '@/lib/validation/mail-objects';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function updateAliasAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    schema: AliasTargetsInput,
    confirmKey: (input) => ({ id, ...input }),
    run: (actor, input, review) => updateAliasTargets(actor, id, input.targets, review, input.version),
    done: () => ({
      revalidate: [`/aliases/${id}`],
      message: 'Alias saved. Waiting for sync.',
      values: { targets: String(formData.get('targets') ?? '') },
    }),
  });
}

export async function deleteAliasAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    confirmKey: () => ({ id, delete: true }),
    run: (actor, _input, review) => deleteAlias(actor, id, review),
    done: (name) => ({ revalidate: ['/aliases'], redirect: `/aliases?deleted=${encodeURIComponent(name)}` }),
  });
}
