'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle, type FormState } from '@/lib/web/form-state';

/**
 * The one password form: current (unless the session already proves it, after a reset), new, repeat.
 * Used by a panel user's own account, the reset login's first sign-in and a mailbox's post office.
 * Passwords are never shown again: the form empties after every answer.
 */
export function PasswordChangeForm({
  action: serverAction,
  testId,
  askCurrent = true,
  hint,
  submitLabel = 'Change password',
  className = 'max-w-md',
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  testId: string;
  askCurrent?: boolean;
  hint?: string;
  submitLabel?: string;
  className?: string;
}) {
  const [state, action, pending] = useActionState(serverAction, idle);
  return (
    <form action={action} className={`flex flex-col gap-4 ${className}`} noValidate data-testid={testId}>
      <FormMessage state={state} />
      {askCurrent ? (
        <Field
          name="oldPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          errors={state.fieldErrors?.oldPassword}
        />
      ) : null}
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={hint}
        errors={state.fieldErrors?.newPassword}
      />
      <Field
        name="repeatPassword"
        label="New password again"
        type="password"
        autoComplete="new-password"
        errors={state.fieldErrors?.repeatPassword}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Working…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
