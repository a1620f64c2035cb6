// Submitting a form as the browser would, for the hostile-input tests: a real FormData through the one
// action adapter (lib/web/form-action.ts runFormAction), the shared zod schema and the data function, as
// the acting user. A server action proper ('use server' in app/) needs Next's request (the session,
// revalidatePath, redirect), which a test has not got; runFormAction takes those as `io`, so each form
// here is the step its action hands to runFormAction (the same schema and data function, or the step
// itself where it is shared, lib/web/mailbox-steps.ts), with an io that records instead of redirecting.
import { expect } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { runFormAction, type ActionIo, type FormStep } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

// A preview's confirmation token is signed with a key derived from it (lib/web/confirmation.ts).
process.env.AUTH_SECRET ??= 'hostile-forms-tests-secret';

const GENERIC = 'Something went wrong and nothing was changed. Please try again.';

/** The result of a submit: saved (after confirming a preview, as a user would), or refused and why. */
export type Submitted = { saved: true } | { saved: false; state: FormState };

function io(actor: Actor): ActionIo {
  return {
    actor: async () => actor,
    revalidate: () => undefined,
    // An action that redirects has succeeded; the caller only needs to know that.
    redirect: () => {
      throw new Redirected();
    },
  };
}

class Redirected extends Error {}

function form(fields: Record<string, string | string[]>, confirmed?: string): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) data.append(k, one);
  if (confirmed) data.append('confirmed', confirmed);
  return data;
}

async function once<I, R>(actor: Actor, step: FormStep<I, R>, data: FormData): Promise<FormState> {
  try {
    return await runFormAction(data, step, io(actor));
  } catch (error) {
    if (error instanceof Redirected) return { status: 'ok' };
    throw error;
  }
}

/**
 * Submits the form, confirming a preview once with the token it came with. A refusal must say what is
 * wrong, in words: never the generic failure (an unexpected error, which also logs and fails the test).
 */
export async function submit<I, R>(actor: Actor, step: FormStep<I, R>, fields: Record<string, string | string[]>): Promise<Submitted> {
  let state = await once(actor, step, form(fields));
  if (state.status === 'confirm') state = await once(actor, step, form(fields, state.confirmToken));
  if (state.status === 'ok') return { saved: true };
  expect(state.status, JSON.stringify(fields)).toBe('error');
  expect(state.message, JSON.stringify(fields)).not.toBe(GENERIC);
  expect(state.message?.trim().length ?? 0).toBeGreaterThan(5);
  for (const messages of Object.values(state.fieldErrors ?? {}))
    for (const m of messages) expect(m.trim().length, JSON.stringify(fields)).toBeGreaterThan(5);
  return { saved: false, state };
}
