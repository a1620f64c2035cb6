'use client';

import { FormMessage } from '@/components/ui/form-message';
import type { FormState } from '@/lib/web/form-state';
import { ConfirmChanges } from './confirm-changes';
import { SubmitRow } from './submit-row';
import { useReviewAction } from './use-review-action';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

/**
 * The one review of a bulk action: the first click asks the server what the whole batch changes (every
 * address that will route differently, and what goes with deleted rows); the second applies all of it.
 */
export function BulkReviewForm({
  action,
  label,
  confirmLabel,
  danger,
}: {
  action: Bound;
  label: string;
  confirmLabel: string;
  danger: boolean;
}) {
  const { state, pending, formProps } = useReviewAction(action);
  return (
    <form {...formProps} className="flex max-w-3xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <ConfirmChanges state={state} />
      <SubmitRow state={state} pending={pending} label={label} confirmLabel={confirmLabel} tone={danger ? 'secondary' : 'primary'} />
    </form>
  );
}
