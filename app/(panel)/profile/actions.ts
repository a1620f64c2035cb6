'use server';

import { changeOwnPassword } from '@/lib/data/own-password';
import { thisSessionId } from '@/lib/session/session';
import { OwnPasswordForm } from '@/lib/validation/logins';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';
import { endedSessions } from './ended-sessions';

export async function changeOwnPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    schema: OwnPasswordForm,
    run: async (actor, input) => changeOwnPassword(actor, await thisSessionId(), input),
    done: (ended) => ({ message: `Your password is changed. ${endedSessions(ended)}`, revalidate: ['/profile'] }),
  });
}
