'use client';

import { useActionState } from 'react';
import { HostChoices } from '@/components/tenants/host-choices';
import { LimitFields, type Limits } from '@/components/tenants/limit-fields';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle, type FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

export interface CustomerEditValues extends Limits {
  name: string;
  mayAddDomains: boolean;
  mailHostIds: string[];
  /** The version it was drawn from (lib/data/edit-version.ts). */
  updatedAt: Date;
}

export function CustomerEditForm({
  action,
  saved,
  hosts,
}: {
  action: Bound;
  saved: CustomerEditValues;
  hosts: { id: string; name: string }[];
}) {
  const [state, formAction, pending] = useActionState(action, idle);
  const typed = state.values;
  const name = typeof typed?.name === 'string' ? typed.name : saved.name;
  const chosen = Array.isArray(typed?.mailHostIds) ? typed.mailHostIds : saved.mailHostIds;
  const mayAdd = typed ? typed.mayAddDomains === 'on' : saved.mayAddDomains;
  return (
    <form action={formAction} className="flex max-w-3xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      {/* The version this form was drawn from: a save after someone else's is refused, not applied over it. */}
      <input type="hidden" name="version" value={saved.updatedAt.toISOString()} />
      <Field name="name" label="Customer name" required defaultValue={name} errors={state.fieldErrors?.name} />
      <LimitFields defaults={saved} values={typed} errors={state.fieldErrors} />
      <label className="inline-flex items-center gap-2 text-sm">
        <input type="checkbox" name="mayAddDomains" defaultChecked={mayAdd} />
        May add and delete its own domains (within its limits, on the hosts below)
      </label>
      <HostChoices
        legend="Hosts it may add its own domains on"
        hosts={hosts}
        chosen={chosen}
        errors={state.fieldErrors?.mailHostIds}
        empty="The reseller has no mail hosts."
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save customer'}
        </Button>
      </div>
    </form>
  );
}
