'use server';

import { createAlias } from '@/lib/data/aliases';
import { AliasInput } from '@/lib/validation/mail-objects';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

export async function createAliasAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    schema: AliasInput,
    run: (actor, input, review) => createAlias(actor, input, review),
    done: (created) => ({ revalidate: ['/aliases'], redirect: `/aliases/${created.id}?created=1` }),
  });
}
