'use client';

import { ReviewForm } from '@/components/mail/review-form';
import { Field } from '@/components/ui/field';
import { TextareaField } from '@/components/ui/textarea-field';
import type { FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

export interface AutoreplyShown {
  subject: string;
  text: string;
  startsOn: string | null;
  endsOn: string | null;
  days: number;
}

/** The automatic reply (out of office) of a mailbox: what it says, between which days, how often per sender. */
export function AutoreplyForms({
  autoreply,
  defaultDays,
  save,
  stop,
}: {
  autoreply: AutoreplyShown | null;
  defaultDays: number;
  save: Bound;
  stop: Bound;
}) {
  return (
    <div className="flex flex-col gap-4" data-testid="autoreply-forms">
      <ReviewForm action={save} label="Save autoreply">
        {(state) => {
          const v = (k: string, shown: string) => (typeof state.values?.[k] === 'string' ? (state.values[k] as string) : shown);
          return (
            <>
              <Field
                name="subject"
                label="Subject"
                defaultValue={v('subject', autoreply?.subject ?? '')}
                errors={state.fieldErrors?.subject}
              />
              <TextareaField
                name="text"
                label="Text"
                rows={5}
                className="rounded border border-slate-300 px-3 py-2 text-sm shadow-sm aria-invalid:border-red-600"
                defaultValue={v('text', autoreply?.text ?? '')}
                errors={state.fieldErrors?.text}
              />
              <div className="grid gap-4 sm:grid-cols-3">
                <Field
                  name="startsOn"
                  label="First day"
                  type="date"
                  hint="Empty: from now."
                  defaultValue={v('startsOn', autoreply?.startsOn ?? '')}
                  errors={state.fieldErrors?.startsOn}
                />
                <Field
                  name="endsOn"
                  label="Last day"
                  type="date"
                  hint="Empty: until turned off."
                  defaultValue={v('endsOn', autoreply?.endsOn ?? '')}
                  errors={state.fieldErrors?.endsOn}
                />
                <Field
                  name="days"
                  label="Once per sender every N days"
                  type="number"
                  min={1}
                  hint={`${defaultDays} by default.`}
                  defaultValue={v('days', String(autoreply?.days ?? defaultDays))}
                  errors={state.fieldErrors?.days}
                />
              </div>
            </>
          );
        }}
      </ReviewForm>
      {autoreply ? <ReviewForm action={stop} label="Turn off autoreply" tone="secondary" /> : null}
    </div>
  );
}
