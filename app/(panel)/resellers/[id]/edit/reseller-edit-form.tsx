'use client';

import { useActionState } from 'react';
import { HostChoices } from '@/components/tenants/host-choices';
import { LimitFields, type Limits } from '@/components/tenants/limit-fields';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle, type FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

export function ResellerEditForm({
  action,
  saved,
  hosts,
}: {
  action: Bound;
  saved: Limits & { name: string; mailHostIds: string[]; requireTwoFactor: boolean; updatedAt: Date };
  hosts: { id: string; name: string }[];
}) {
  const [state, formAction, pending] = useActionState(action, idle);
  const typed = state.values;
  return (
    <form action={formAction} className="flex max-w-3xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      {/* The version this form was drawn from: a save after someone else's is refused, not applied over it. */}
      <input type="hidden" name="version" value={saved.updatedAt.toISOString()} />
      <Field
        name="name"
        label="Reseller name"
        required
        defaultValue={typeof typed?.name === 'string' ? typed.name : saved.name}
        errors={state.fieldErrors?.name}
      />
      <HostChoices
        legend="Mail hosts it may use"
        hosts={hosts}
        chosen={Array.isArray(typed?.mailHostIds) ? typed.mailHostIds : saved.mailHostIds}
        errors={state.fieldErrors?.mailHostIds}
      />
      <LimitFields defaults={saved} values={typed} errors={state.fieldErrors} />
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="requireTwoFactor"
          defaultChecked={typed ? typed.requireTwoFactor === 'on' : saved.requireTwoFactor}
          className="h-4 w-4"
        />
        Require two-factor sign-in for its logins and its customers’ (each sets it up at its next sign-in)
      </label>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save reseller'}
        </Button>
      </div>
    </form>
  );
}
