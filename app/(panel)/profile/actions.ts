'use server';

import { changeOwnPassword } from '@/lib/data/own-password';
import { endOtherSessions, endOwnSession } from '@/lib/data/user-sessions';
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

/** Bound on the server from the user's own list (the data layer matches only its own); a redirect says what ended. */
export async function endSessionAction(sessionId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, { run: (actor) => endOwnSession(actor, sessionId), done: () => ({ redirect: '/profile?ended=one' }) });
}

export async function endOtherSessionsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    run: async (actor) => endOtherSessions(actor, await thisSessionId()),
    done: (ended) => ({ redirect: `/profile?ended=${ended}` }),
  });
}
