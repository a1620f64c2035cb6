'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle } from '@/lib/web/form-state';
import { mailboxLoginAction } from './actions';

export function MailboxLoginForm() {
  const [state, action, pending] = useActionState(mailboxLoginAction, idle);
  const address = state.values?.address;
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <Field
        name="address"
        label="Email address"
        type="email"
        autoComplete="username"
        required
        defaultValue={typeof address === 'string' ? address : ''}
        errors={state.fieldErrors?.address}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors?.password}
      />
      <Button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
