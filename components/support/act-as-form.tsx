'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SelectField } from '@/components/ui/select-field';
import { idle, type FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

/** Support starts acting as a reseller or customer: a reason (recorded everywhere) and how long. */
export function ActAsForm({ action, target }: { action: Bound; target: string }) {
  const [state, formAction, pending] = useActionState(action, idle);
  const v = (name: string) => (typeof state.values?.[name] === 'string' ? (state.values[name] as string) : undefined);
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-4">
      <FormMessage state={state} />
      <Field
        name="reason"
        label="Reason"
        required
        maxLength={500}
        defaultValue={v('reason')}
        errors={state.fieldErrors?.reason}
        hint={`Shown on every page while you act, and written into ${target}'s activity log with everything you do.`}
      />
      <SelectField
        name="minutes"
        label="For"
        defaultValue={v('minutes') ?? '30'}
        errors={state.fieldErrors?.minutes}
        options={[
          { value: '15', label: '15 minutes' },
          { value: '30', label: '30 minutes' },
          { value: '60', label: '1 hour' },
        ]}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Working…' : `Act as ${target}`}
        </Button>
      </div>
    </form>
  );
}
