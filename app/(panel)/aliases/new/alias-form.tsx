'use client';

import { useState } from 'react';
import { ConfirmChanges } from '@/components/mail/confirm-changes';
import { SubmitRow } from '@/components/mail/submit-row';
import { useReviewAction } from '@/components/mail/use-review-action';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import type { MailFormChoices } from '@/lib/data/mail-choices';
import { createAliasAction } from './actions';

export function AliasForm({ choices, chooseCustomer }: { choices: MailFormChoices; chooseCustomer: boolean }) {
  const { state, pending, formProps } = useReviewAction(createAliasAction);
  const v = (k: string) => (typeof state.values?.[k] === 'string' ? (state.values[k] as string) : undefined);
  const [customerId, setCustomerId] = useState(v('customerId') ?? choices.customers[0]?.id ?? '');
  const hosts = choices.customers.find((c) => c.id === customerId)?.hosts ?? [];
  // Controlled fields: React resets a form after its action, and the confirmation must send what was previewed.
  const [hostId, setHostId] = useState(v('mailHostId') ?? hosts[0]?.id ?? '');
  const [name, setName] = useState(v('name') ?? '');
  const [targets, setTargets] = useState(v('targets') ?? '');
  const e = state.fieldErrors ?? {};
  return (
    <form {...formProps} className="flex max-w-xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      {chooseCustomer ? (
        <SelectField
          name="customerId"
          label="Customer"
          options={choices.customers.map((c) => ({ value: c.id, label: c.name }))}
          value={customerId}
          onChange={(ev) => {
            setCustomerId(ev.target.value);
            setHostId('');
          }}
          errors={e.customerId}
        />
      ) : (
        <input type="hidden" name="customerId" value={customerId} />
      )}
      <SelectField
        name="mailHostId"
        label="Mail host"
        options={hosts.map((h) => ({ value: h.id, label: h.name }))}
        value={hostId || hosts[0]?.id || ''}
        onChange={(ev) => setHostId(ev.target.value)}
        errors={e.mailHostId}
      />
      <Field
        name="name"
        label="Alias name"
        autoComplete="off"
        value={name}
        onChange={(ev) => setName(ev.target.value)}
        errors={e.name}
        hint="Lower-case letters, digits, “.”, “_” and “-”."
      />
      <TextareaField
        name="targets"
        label="Targets"
        value={targets}
        onChange={(ev) => setTargets(ev.target.value)}
        errors={e.targets}
        hint="One per line: an account or alias name (joe), an account with a +detail (joe+lists), \joe for the account itself without further aliasing, an address (joe@example.net), or /dev/null to accept mail and throw it away."
      />
      <ConfirmChanges state={state} />
      <SubmitRow state={state} pending={pending} label="Create alias" />
    </form>
  );
}
