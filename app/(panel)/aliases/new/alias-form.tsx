'use client';

import { useActionState, useState } from 'react';
import { ConfirmChanges } from '@/components/mail/confirm-changes';
import { SubmitRow } from '@/components/mail/submit-row';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import type { MailFormChoices } from '@/lib/data/mail-choices';
import { idle } from '@/lib/web/form-state';
import { createAliasAction } from './actions';

export function AliasForm({ choices, chooseCustomer }: { choices: MailFormChoices; chooseCustomer: boolean }) {
  const [state, action, pending] = useActionState(createAliasAction, idle);
  const v = (k: string) => (typeof state.values?.[k] === 'string' ? (state.values[k] as string) : undefined);
  const [customerId, setCustomerId] = useState(v('customerId') ?? choices.customers[0]?.id ?? '');
  const hosts = choices.customers.find((c) => c.id === customerId)?.hosts ?? [];
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="flex max-w-xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      {chooseCustomer ? (
        <SelectField name="customerId" label="Customer" options={choices.customers.map((c) => ({ value: c.id, label: c.name }))} value={customerId} onChange={(ev) => setCustomerId(ev.target.value)} errors={e.customerId} />
      ) : (
        <input type="hidden" name="customerId" value={customerId} />
      )}
      <SelectField name="mailHostId" label="Mail host" options={hosts.map((h) => ({ value: h.id, label: h.name }))} defaultValue={v('mailHostId') ?? hosts[0]?.id ?? ''} errors={e.mailHostId} />
      <Field name="name" label="Alias name" autoComplete="off" defaultValue={v('name')} errors={e.name} hint="Lower-case letters, digits, “.”, “_” and “-”." />
      <TextareaField
        name="targets"
        label="Targets"
        defaultValue={v('targets')}
        errors={e.targets}
        hint="One per line: an account or alias name (joe), \joe for the account itself without further aliasing, or an address (joe@example.net)."
      />
      <ConfirmChanges state={state} />
      <SubmitRow state={state} pending={pending} label="Create alias" />
    </form>
  );
}
