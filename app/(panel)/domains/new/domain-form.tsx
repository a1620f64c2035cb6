'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SelectField } from '@/components/ui/select-field';
import { normalizeDomainName } from '@/lib/mail/domain-name';
import { idle } from '@/lib/web/form-state';
import { createDomainAction } from './actions';

type Option = { value: string; label: string };

export function DomainForm({ customers, hosts, customerId }: { customers: Option[]; hosts: Option[]; customerId?: string }) {
  const [state, action, pending] = useActionState(createDomainAction, idle);
  const [typed, setTyped] = useState('');
  // Selects are controlled: React resets a form after its action, and a reset select would silently
  // jump back to its first option while the user resubmits.
  const [customer, setCustomer] = useState(customerId ?? '');
  const [host, setHost] = useState(hosts[0]?.value ?? '');
  const v = (k: string) => (typeof state.values?.[k] === 'string' ? (state.values[k] as string) : undefined);
  // The same rule the server applies, run as the user types, so an IDN's stored form is visible first.
  const preview = typed.trim() ? normalizeDomainName(typed) : null;
  return (
    <form action={action} className="flex max-w-lg flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <Field
        name="name"
        label="Domain name"
        placeholder="example.com"
        autoComplete="off"
        required
        defaultValue={v('name')}
        onChange={(e) => setTyped(e.target.value)}
        errors={state.fieldErrors?.name}
        hint={
          preview?.ok && preview.value !== typed.trim()
            ? `Will be saved as ${preview.value}`
            : 'Lower case; international names are stored in their xn-- form.'
        }
      />
      <SelectField
        name="customerId"
        label="Customer"
        options={customers}
        placeholder="Choose a customer"
        value={customer}
        onChange={(e) => setCustomer(e.target.value)}
        errors={state.fieldErrors?.customerId}
      />
      <SelectField
        name="mailHostId"
        label="Mail host"
        options={hosts}
        value={host}
        onChange={(e) => setHost(e.target.value)}
        errors={state.fieldErrors?.mailHostId}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Adding…' : 'Add domain'}
        </Button>
      </div>
    </form>
  );
}
