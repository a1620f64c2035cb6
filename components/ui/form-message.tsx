'use client';

import { useEffect, useRef } from 'react';
import type { FormState } from '@/lib/web/form-state';

/**
 * The form's overall result, in a live region so screen readers hear it. Each new answer also takes the
 * focus (the submit button was disabled while the form was sent, which drops focus to <body>): a keyboard
 * or screen reader user lands on "Please correct the highlighted fields" (each field then says what is
 * wrong, aria-invalid and aria-describedby: Field), on the review to confirm, or on what was saved.
 */
export function FormMessage({ state, testId = 'form-message' }: { state: FormState; testId?: string }) {
  const message = useRef<HTMLParagraphElement>(null);
  const answered = useRef(state);
  useEffect(() => {
    // The first state is the form's own (idle, or what the page gave it): not an answer to a submit.
    if (answered.current === state) return;
    answered.current = state;
    message.current?.focus();
  }, [state]);
  const tone =
    state.status === 'error'
      ? 'border-red-300 bg-red-50 text-red-800'
      : state.status === 'confirm'
        ? 'border-amber-300 bg-amber-50 text-amber-900'
        : 'border-emerald-300 bg-emerald-50 text-emerald-800';
  return (
    <div aria-live="polite" data-testid={testId}>
      {state.message ? (
        <p ref={message} role="status" tabIndex={-1} className={`rounded border px-3 py-2 text-sm ${tone}`}>
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
