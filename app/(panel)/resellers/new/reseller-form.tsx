'use client';

import { useActionState } from 'react';
import { LimitFields, type Limits } from '@/components/tenants/limit-fields';
import { Button } from '@/components/ui/button';
import { Field, FieldErrors } from '@/components/ui/field';
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
        <Field
          name="password"
          label="Initial password"
          type="password"
          autoComplete="new-password"
          required
          errors={state.fieldErrors?.password}
          hint="At least 12 characters."
        />
      </div>
      <fieldset aria-describedby={state.fieldErrors?.mailHostIds ? 'mailHostIds-error' : undefined}>
        <legend className="mb-2 text-sm font-semibold text-slate-800">Mail hosts it may use</legend>
        {hosts.length === 0 ? <p className="text-sm text-slate-600">Add a mail host first.</p> : null}
        {hosts.map((h) => (
          <label key={h.id} className="mr-4 inline-flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="mailHostIds"
              value={h.id}
              defaultChecked={Array.isArray(chosen) ? chosen.includes(h.id) : hosts.length === 1}
            />
            {h.name}
          </label>
        ))}
        <FieldErrors id="mailHostIds-error" errors={state.fieldErrors?.mailHostIds} />
      </fieldset>
      <LimitFields defaults={defaults} values={state.values} errors={state.fieldErrors} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create reseller'}
        </Button>
      </div>
    </form>
  );
}
