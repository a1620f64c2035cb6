'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle } from '@/lib/web/form-state';
import { changeOwnPasswordAction } from './actions';

/** Current, new, repeat. Passwords are never shown again: the form empties after every answer. */
export function OwnPasswordForm() {
  const [state, action, pending] = useActionState(changeOwnPasswordAction, idle);
  return (
    <form action={action} className="flex max-w-md flex-col gap-4" noValidate data-testid="own-password-form">
      <FormMessage state={state} />
      <Field
        name="oldPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        errors={state.fieldErrors?.oldPassword}
      />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters; four or five unrelated words work well."
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
          {pending ? 'Working…' : 'Change password'}
        </Button>
      </div>
    </form>
  );
}
