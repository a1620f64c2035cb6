'use client';

import { startTransition, useActionState, type FormEvent } from 'react';
import { idle, type FormState } from '@/lib/web/form-state';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/**
 * useActionState for forms with a review step. React resets a `<form action>` after each submit, and a
 * reset select jumps back to its first option while React still shows the chosen one: the confirmation
 * would then send something else than what was previewed. Submitting through onSubmit keeps every field
 * exactly as the user left it. The form still gets the action too (`formProps`): before the page's script
 * has loaded, a click posts it to the server like any server-action form, instead of the browser's default
 * GET of the same page with every field (a password too) in the address. Once loaded, onSubmit prevents
 * that default and React leaves the action to it.
 */
export function useReviewAction(action: Action) {
  const [state, formAction, pending] = useActionState(action, idle);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  return { state, pending, formProps: { action: formAction, onSubmit } };
}
