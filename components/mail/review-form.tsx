'use client';

import type { ReactNode } from 'react';
import { FormMessage } from '@/components/ui/form-message';
import type { FormState } from '@/lib/web/form-state';
import { ConfirmChanges } from './confirm-changes';
import { SubmitRow } from './submit-row';
import { useReviewAction } from './use-review-action';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

/**
 * A mail-object form with the review step: fields (a render function, so they can show the answer's
 * field errors and keep typed values), then the consequences to confirm, then the submit button.
 */
export function ReviewForm({
  action,
  label,
  confirmLabel,
  tone,
  children,
}: {
  action: Bound;
  label: string;
  /** What the button says once the consequences are shown (SubmitRow). */
  confirmLabel?: string;
  tone?: 'primary' | 'secondary';
  children?: (state: FormState) => ReactNode;
}) {
  const { state, pending, formProps } = useReviewAction(action);
  return (
    <form {...formProps} className="flex max-w-xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      {children?.(state)}
      <ConfirmChanges state={state} />
      <SubmitRow state={state} pending={pending} label={label} confirmLabel={confirmLabel} tone={tone} />
    </form>
  );
}
