'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle } from '@/lib/web/form-state';
import { choosePasswordAction } from './actions';

/** New, repeat: the session already proves the password that was given. */
export function ChoosePasswordForm() {
  const [state, action, pending] = useActionState(choosePasswordAction, idle);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate data-testid="choose-password-form">
      <FormMessage state={state} />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters, not the one you were given; four or five unrelated words work well."
        errors={state.fieldErrors?.newPassword}
      />
      <Field
        name="repeatPassword"
        label="New password again"
        type="password"
        autoComplete="new-password"
        errors={state.fieldErrors?.repeatPassword}
      />
      <Button type="submit" disabled={pending}>
        {pending ? 'Working…' : 'Set password'}
      </Button>
    </form>
  );
}
