'use client';

import { useState } from 'react';
import { ConfirmChanges } from '@/components/mail/confirm-changes';
import { SubmitRow } from '@/components/mail/submit-row';
import { useReviewAction } from '@/components/mail/use-review-action';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SelectField } from '@/components/ui/select-field';
import type { MailFormChoices } from '@/lib/data/mail-choices';
import { caseNotice, normalizeAccountName } from '@/lib/mail/names';
import { suggestAddressDomain } from '@/lib/mail/address-domain';
import { createAccountAction } from './actions';

export function AccountForm({ choices, chooseCustomer }: { choices: MailFormChoices; chooseCustomer: boolean }) {
  const { state, pending, formProps } = useReviewAction(createAccountAction);
  const v = (k: string) => (typeof state.values?.[k] === 'string' ? (state.values[k] as string) : undefined);
  const [customerId, setCustomerId] = useState(v('customerId') ?? choices.customers[0]?.id ?? '');
  const customer = choices.customers.find((c) => c.id === customerId);
  const hosts = customer?.hosts ?? [];
  const [hostId, setHostId] = useState(v('mailHostId') ?? hosts[0]?.id ?? '');
  const [name, setName] = useState(v('name') ?? '');
  // Controlled, so the password survives the confirm round trip (React resets uncontrolled fields).
  const [password, setPassword] = useState('');
  const [quota, setQuota] = useState(v('quotaMb') ?? '1024');
  const domains = choices.domains.filter((d) => d.customerId === customerId && d.mailHostId === (hostId || hosts[0]?.id));
  // Selects are controlled: React resets a form after its action, and a reset select would send a
  // different choice with the confirmation than the one previewed.
  // null until the user picks: then the suggested domain for the chosen customer and host.
  const [picked, setAddressDomainId] = useState<string | null>(v('addressDomainId') ?? null);
  const addressDomainId = picked ?? suggestAddressDomain(domains);
  const checked = name.trim() ? normalizeAccountName(name) : null;
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
            setAddressDomainId(null);
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
        onChange={(ev) => {
          setHostId(ev.target.value);
          setAddressDomainId(null);
        }}
        errors={e.mailHostId}
      />
      <Field
        name="name"
        label="Account name"
        autoComplete="off"
        value={name}
        onChange={(ev) => setName(ev.target.value)}
        errors={e.name ?? (checked && !checked.ok ? checked.problems : undefined)}
        hint={
          checked?.ok
            ? (caseNotice(name, checked.value) ?? 'The login name and the local mailbox name.')
            : 'Lower-case letters, digits, ".", "_" and "-".'
        }
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(ev) => setPassword(ev.target.value)}
        errors={e.password}
        hint="At least 10 characters, printable ASCII, not containing the account name."
      />
      <Field
        name="quotaMb"
        label="Quota (MiB)"
        type="number"
        min={1}
        value={quota}
        onChange={(ev) => setQuota(ev.target.value)}
        errors={e.quotaMb}
      />
      <SelectField
        name="addressDomainId"
        label="Also create its address"
        options={[
          { value: '', label: 'No address' },
          ...domains.map((d) => ({ value: d.id, label: `${checked?.ok ? checked.value : 'name'}@${d.name}` })),
        ]}
        value={addressDomainId}
        onChange={(ev) => setAddressDomainId(ev.target.value)}
        errors={e.addressDomainId}
      />
      <ConfirmChanges state={state} />
      <SubmitRow state={state} pending={pending} label="Create account" />
    </form>
  );
}
