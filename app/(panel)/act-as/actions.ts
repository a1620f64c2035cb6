'use server';

import { startActAs, type ActAsTarget } from '@/lib/data/support-sessions';
import { thisSessionId } from '@/lib/session/session';
import { ActAsInput } from '@/lib/validation/act-as';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/**
 * Support starts acting as a reseller, customer or mailbox (bound by its page) in this browser session;
 * a mailbox's pages are the postoffice's.
 */
export async function startActAsAction(target: ActAsTarget, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    schema: ActAsInput,
    run: async (actor, input) => startActAs(actor, await thisSessionId(), target, input),
    done: () => ({ revalidate: ['/'], redirect: target.kind === 'mailbox' ? '/postoffice' : '/' }),
  });
}
