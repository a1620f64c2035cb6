'use client';

import { ReviewForm } from '@/components/mail/review-form';
import { TextareaField } from '@/components/ui/textarea-field';
import type { FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

export interface ForwardShown {
  addresses: string[];
  keepCopy: boolean;
}

const typed = (state: FormState, key: string) => (typeof state.values?.[key] === 'string' ? (state.values[key] as string) : undefined);

/**
 * A mailbox's forward (the postoffice and the account page): where its mail goes too, and whether the
 * mailbox keeps a copy. Routes change, so both forms have the review step.
 */
export function ForwardForms({ forward, save, stop }: { forward: ForwardShown | null; save: Bound; stop: Bound }) {
  return (
    <div className="flex flex-col gap-4" data-testid="forward-forms">
      <ReviewForm action={save} label="Save forward">
        {(state) => (
          <>
            <TextareaField
              name="addresses"
              label="Forward to"
              rows={3}
              hint="One address per line."
              defaultValue={typed(state, 'addresses') ?? forward?.addresses.join('\n') ?? ''}
              errors={state.fieldErrors?.addresses}
            />
            <label className="inline-flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="keepCopy"
                defaultChecked={state.values ? state.values.keepCopy === 'on' : (forward?.keepCopy ?? true)}
              />{' '}
              Keep a copy in this mailbox
            </label>
          </>
        )}
      </ReviewForm>
      {forward ? <ReviewForm action={stop} label="Stop forwarding" tone="secondary" /> : null}
    </div>
  );
}
