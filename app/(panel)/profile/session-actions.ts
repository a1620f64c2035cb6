'use server';

import { endOtherSessions, endOwnSession } from '@/lib/data/user-sessions';
import { thisSessionId } from '@/lib/session/session';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

// The profile's "Sessions" section: ending one of the user's other browsers, or all of them.

/** Bound by the profile page from the user's own list (the data layer matches only its own); a redirect says what ended. */
export async function endSessionAction(sessionId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [sessionId],
    run: (actor) => endOwnSession(actor, sessionId),
    done: () => ({ redirect: '/profile?ended=one' }),
  });
}

export async function endOtherSessionsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    run: async (actor) => endOtherSessions(actor, await thisSessionId()),
    done: (ended) => ({ redirect: `/profile?ended=${ended}` }),
  });
}
