'use client';

import { useActionState, useState } from 'react';
import { InitialPasswordField } from '@/components/tenants/initial-password-field';
import { LimitFields, type Limits } from '@/components/tenants/limit-fields';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SelectField } from '@/components/ui/select-field';
import { idle } from '@/lib/web/form-state';
import { createCustomerAction } from './actions';

export function CustomerForm({ resellers, defaults }: { resellers: { value: string; label: string }[] | null; defaults: Limits }) {
  const [state, action, pending] = useActionState(createCustomerAction, idle);
  const v = (k: string) => (typeof state.values?.[k] === 'string' ? (state.values[k] as string) : undefined);
  const [resellerId, setResellerId] = useState(''); // controlled: survives React's reset after an error
  return (
    <form action={action} className="flex max-w-3xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      {resellers ? (
        <SelectField
          name="resellerId"
          label="Reseller"
          options={resellers}
          placeholder="Choose a reseller"
          value={resellerId}
          onChange={(e) => setResellerId(e.target.value)}
          errors={state.fieldErrors?.resellerId}
        />
      ) : null}
      <Field name="name" label="Customer name" required defaultValue={v('name')} errors={state.fieldErrors?.name} />
      <div className="grid gap-4 md:grid-cols-2">
        <Field
          name="email"
          label="Login email"
          type="email"
          autoComplete="off"
          required
          defaultValue={v('email')}
          errors={state.fieldErrors?.email}
        />
        <InitialPasswordField errors={state.fieldErrors?.password} />
      </div>
      <LimitFields defaults={defaults} values={state.values} errors={state.fieldErrors} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create customer'}
        </Button>
      </div>
    </form>
  );
}
