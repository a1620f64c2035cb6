'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle, type FormState } from '@/lib/web/form-state';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

/**
 * An address and a password, for the panel's login and the postoffice's: the address typed is kept after a
 * refusal, the password never (the action's answer carries no secret back).
 */
export function SignInForm({ action, field, label }: { action: Action; field: 'email' | 'address'; label: string }) {
  const [state, formAction, pending] = useActionState(action, idle);
  const typed = state.values?.[field];
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <Field
        name={field}
        label={label}
        type="email"
        autoComplete="username"
        required
        defaultValue={typeof typed === 'string' ? typed : ''}
        errors={state.fieldErrors?.[field]}
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
