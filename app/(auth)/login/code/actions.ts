'use server';

import { completeSecondFactor } from '@/lib/data/two-factor';
import { thisSessionId } from '@/lib/session/session';
import { SecondFactorInput } from '@/lib/validation/two-factor';
import { runFormAction, secondFactorIo } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/** The second step of signing in: the code (or a recovery code) opens the panel for this session. */
export async function secondFactorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const step = {
    schema: SecondFactorInput,
    run: async (actor: Parameters<typeof completeSecondFactor>[0], input: SecondFactorInput) =>
      completeSecondFactor(actor, await thisSessionId(), input),
    done: () => ({ redirect: '/' }),
  };
  return runFormAction(formData, step, await secondFactorIo());
}
