'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle, type FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

/** The last step of a deletion (domain, customer, reseller): its name typed, after the review of what goes with it. */
export function DeleteByNameForm({ name, label, action }: { name: string; label: string; action: Bound }) {
  const [state, formAction, pending] = useActionState(action, idle);
  return (
    <form action={formAction} className="flex max-w-md flex-col gap-3" noValidate>
      <FormMessage state={state} />
      <Field name="confirmName" label={`Type ${name} to confirm`} autoComplete="off" required errors={state.fieldErrors?.confirmName} />
      <div>
        <Button type="submit" tone="danger" disabled={pending}>
          {pending ? 'Deleting…' : label}
        </Button>
      </div>
    </form>
  );
}
