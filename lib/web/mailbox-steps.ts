import type { Actor } from '../auth/actor';
import { clearAutoreply, clearForward, setAutoreply, setForward } from '../data/postoffice';
import { AutoreplyForm, ForwardForm } from '../validation/postoffice';
import type { FormStep } from './form-action';

// The forward and autoreply forms of a mailbox, one definition for both screens that have them: the
// postoffice (the account is the session's own: ownMailbox) and the panel's account page (the id bound on
// the server). `page` is the screen to revalidate, and part of what a confirmation covers.

type AccountOf = (actor: Actor) => string;

const WHEN = 'It takes effect when the mail host is next published, in a moment.';

export function forwardSteps(accountOf: AccountOf, page: string) {
  const save: FormStep<ForwardForm, void> = {
    schema: ForwardForm,
    confirmKey: (input) => ({ page, forward: input }),
    run: (actor, input, review) => setForward(actor, accountOf(actor), input, review),
    done: () => ({ revalidate: [page], message: `Forward saved. ${WHEN}` }),
  };
  const stop: FormStep<undefined, void> = {
    confirmKey: () => ({ page, forward: null }),
    run: (actor, _input, review) => clearForward(actor, accountOf(actor), review),
    done: () => ({ revalidate: [page], message: `Forwarding stopped: mail stays in the mailbox. ${WHEN}` }),
  };
  return { save, stop };
}

export function autoreplySteps(accountOf: AccountOf, page: string) {
  const save: FormStep<AutoreplyForm, void> = {
    schema: AutoreplyForm,
    confirmKey: (input) => ({ page, autoreply: input }),
    run: (actor, input, review) => setAutoreply(actor, accountOf(actor), input, review),
    done: () => ({ revalidate: [page], message: `Autoreply saved. ${WHEN}` }),
  };
  const stop: FormStep<undefined, void> = {
    confirmKey: () => ({ page, autoreply: null }),
    run: (actor, _input, review) => clearAutoreply(actor, accountOf(actor), review),
    done: () => ({ revalidate: [page], message: `Autoreply turned off. ${WHEN}` }),
  };
  return { save, stop };
}
