import type { z } from 'zod';
import type { Actor } from '../auth/actor';
import { isBoundValue, UNKNOWN_BOUND_MESSAGE } from '../validation/bound';
import { actionError } from './action-error';
import { confirmation, type Confirmation } from './confirmation';
import { formValues, invalid, type FormState } from './form-state';
import { withFileTexts } from './uploaded-files';

// The one way a server action runs (STYLE.md, "Server actions are adapters"): get the actor, parse the
// form with its shared schema, build the confirmation once, call one data function, turn expected domain
// errors into the form's answer, then revalidate and redirect or answer. An action file only says which
// schema, which data function and what happens after success.

type FormValues = Record<string, string | string[]>;

export interface AfterSuccess {
  /** Pages whose data changed. */
  revalidate?: string[];
  /** Where to go next (a redirect ends the action). */
  redirect?: string;
  /** Otherwise the answer shown in the form. */
  message?: string;
  /** What the form shows again (e.g. typed values without the password). */
  values?: FormState['values'];
}

export interface FormStep<I, R> {
  /**
   * The arguments bound to the action (its ids and flags): they come back from the browser, so each must
   * have the form of one (lib/validation/bound.ts) or the answer is "not found" and nothing runs.
   */
  bound?: readonly unknown[];
  /** The form's fields as the data function takes them; none for a plain button. */
  schema?: z.ZodType<I, unknown>;
  /** Instead of `schema`, when the fields need shaping first (e.g. the mail host's settings). */
  parse?: (values: FormValues) => z.ZodSafeParseResult<I>;
  /** The form uploads files: each becomes its text before parsing (lib/web/uploaded-files.ts). */
  uploads?: boolean;
  /** Fields that are lists (checkbox groups, multi-selects). */
  lists?: readonly string[];
  /** What the confirmation token covers besides the actor and the review (default: the parsed input). */
  confirmKey?: (input: I) => unknown;
  /** The one data function; `review` is the user's confirmation of exactly what the preview showed. */
  run: (actor: Actor, input: I, review: Confirmation) => Promise<R>;
  /** What follows success. */
  done: (result: R, input: I) => AfterSuccess;
}

/** What the adapter needs from Next.js and the session; the unit tests give their own (no Next there). */
export interface ActionIo {
  actor: () => Promise<Actor>;
  revalidate: (path: string) => void;
  redirect: (to: string) => never;
  /**
   * Lets Next.js's own signals through (a redirect or notFound() thrown inside the data step, e.g. by the
   * session check of a signed-out browser): they are how Next answers, not errors of the action.
   */
  rethrow?: (error: unknown) => void;
}

/** Next.js's own, loaded when an action runs (so the adapter's tests never load Next or Auth.js). */
async function nextIo(): Promise<ActionIo> {
  const [{ requireActor }, { revalidatePath }, { redirect, unstable_rethrow }] = await Promise.all([
    import('../session/session'),
    import('next/cache'),
    import('next/navigation'),
  ]);
  return { actor: requireActor, revalidate: (path) => revalidatePath(path), redirect: (to) => redirect(to), rethrow: unstable_rethrow };
}

/**
 * The postoffice's: the actor is the mailbox of this session, else a redirect to /postoffice/login (a panel
 * session is asked for a mailbox login there too). Its actions take the account from the actor (ownMailbox).
 */
export async function postofficeIo(): Promise<ActionIo> {
  const [io, { requireMailboxActor }] = await Promise.all([nextIo(), import('../session/mailbox-session')]);
  return { ...io, actor: requireMailboxActor };
}

/**
 * The one page a login must use after someone reset its password (app/(auth)/choose-password): its actor
 * is that session's, which every other page and action refuses until a new password is chosen.
 */
export async function passwordChoiceIo(): Promise<ActionIo> {
  const [io, { requirePasswordChoice }] = await Promise.all([nextIo(), import('../session/session')]);
  return { ...io, actor: requirePasswordChoice };
}

/** The code page of a sign-in with two-factor (app/(auth)/login/code): the half-signed-in session's user. */
export async function secondFactorIo(): Promise<ActionIo> {
  const [io, { requireSecondFactorStep }] = await Promise.all([nextIo(), import('../session/session')]);
  return { ...io, actor: requireSecondFactorStep };
}

/** Setting up two-factor sign-in (app/(auth)/two-factor): also open to a login that must before anything else. */
export async function twoFactorSetupIo(): Promise<ActionIo> {
  const [io, { requireTwoFactorSetup }] = await Promise.all([nextIo(), import('../session/session')]);
  return { ...io, actor: requireTwoFactorSetup };
}

export async function runFormAction<I, R>(given: FormData, step: FormStep<I, R>, givenIo?: ActionIo): Promise<FormState> {
  const io = givenIo ?? (await nextIo());
  const actor = await io.actor();
  if (step.bound && !step.bound.every(isBoundValue)) return { status: 'error', message: UNKNOWN_BOUND_MESSAGE };
  const formData = step.uploads ? await withFileTexts(given) : given;
  return runParsed(formData, step, io, (input) => {
    const review = confirmation(formData, actor, step.confirmKey ? step.confirmKey(input) : input);
    return { call: () => step.run(actor, input, review), review };
  });
}

/** A form anyone may send, before there is an actor (signing in): the same steps without one. */
export interface PublicFormStep<I, R> extends Omit<FormStep<I, R>, 'run' | 'confirmKey'> {
  run: (input: I) => Promise<R>;
}

export async function runPublicFormAction<I, R>(formData: FormData, step: PublicFormStep<I, R>, given?: ActionIo): Promise<FormState> {
  const io = given ?? (await nextIo());
  return runParsed(formData, step, io, (input) => ({ call: () => step.run(input) }));
}

async function runParsed<I, R>(
  formData: FormData,
  step: Pick<FormStep<I, R>, 'schema' | 'parse' | 'lists' | 'done'>,
  io: ActionIo,
  prepare: (input: I) => { call: () => Promise<R>; review?: Confirmation },
): Promise<FormState> {
  const values = formValues(formData, step.lists);
  let input: I;
  const parse = step.parse ?? (step.schema ? (v: FormValues) => (step.schema as z.ZodType<I, unknown>).safeParse(v) : undefined);
  if (parse) {
    const parsed = parse(values);
    if (!parsed.success) return invalid(parsed.error, values);
    input = parsed.data;
  } else {
    input = undefined as I;
  }
  const { call, review } = prepare(input);
  let result: R;
  try {
    result = await call();
  } catch (error) {
    io.rethrow?.(error);
    return actionError(error, values, review);
  }
  // Outside the try: redirect() throws Next's own signal, which must reach Next.
  const after = step.done(result, input);
  for (const path of after.revalidate ?? []) io.revalidate(path);
  if (after.redirect) io.redirect(after.redirect);
  return { status: 'ok', ...(after.message ? { message: after.message } : {}), ...(after.values ? { values: after.values } : {}) };
}
