'use server';

import { undoChange } from '@/lib/data/undo-change';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

// The event id is bound by the page (action.bind(null, eventId)). Like any argument it comes back from the
// browser: the adapter checks its form, the data layer that the event is the actor's to undo.

/** Undoes one change of an object's history, reviewed and confirmed like the edit it reverts. */
export async function undoChangeAction(eventId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [eventId],
    confirmKey: () => ({ undo: eventId }),
    run: (actor, _input, review) => undoChange(actor, eventId, review),
    done: (next) => ({ revalidate: [next, '/audit'], redirect: `${next}${next.includes('?') ? '&' : '?'}undone=1` }),
  });
}
