'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle, type FormState } from '@/lib/web/form-state';

/** One code field and its button: the second step of signing in, confirming an enrolment, turning it off. */
export function CodeForm({
  action: serverAction,
  label,
  hint,
  submitLabel,
  testId,
  autoFocus = false,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  label: string;
  hint?: string;
  submitLabel: string;
  testId: string;
  autoFocus?: boolean;
}) {
  const [state, action, pending] = useActionState(serverAction, idle);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate data-testid={testId}>
      <FormMessage state={state} />
      <Field
        name="code"
        label={label}
        hint={hint}
        autoComplete="one-time-code"
        inputMode="text"
        autoFocus={autoFocus}
        maxLength={40}
        errors={state.fieldErrors?.code}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Checking…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
