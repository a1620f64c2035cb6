'use client';

import { useActionState } from 'react';
import { HostChoices } from '@/components/tenants/host-choices';
import { InitialPasswordField } from '@/components/tenants/initial-password-field';
import { LimitFields, type Limits } from '@/components/tenants/limit-fields';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle } from '@/lib/web/form-state';
import { createResellerAction } from './actions';

export function ResellerForm({ hosts, defaults }: { hosts: { id: string; name: string }[]; defaults: Limits }) {
  const [state, action, pending] = useActionState(createResellerAction, idle);
  const v = (k: string) => (typeof state.values?.[k] === 'string' ? (state.values[k] as string) : undefined);
  const chosen = state.values?.mailHostIds;
  return (
    <form action={action} className="flex max-w-3xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <Field name="name" label="Reseller name" required defaultValue={v('name')} errors={state.fieldErrors?.name} />
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
      <HostChoices
        legend="Mail hosts it may use"
        hosts={hosts}
        chosen={Array.isArray(chosen) ? chosen : hosts.length === 1 ? hosts.map((h) => h.id) : []}
        errors={state.fieldErrors?.mailHostIds}
      />
      <LimitFields defaults={defaults} values={state.values} errors={state.fieldErrors} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create reseller'}
        </Button>
      </div>
    </form>
  );
}
