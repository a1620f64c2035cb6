'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle, type FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

/** "Import what this host has now": its own files, read over its transport, then the same dry run. */
export function HostFilesForm({ action, hostName }: { action: Bound; hostName: string }) {
  const [state, formAction, pending] = useActionState(action, idle);
  const typed = state.values?.customer;
  return (
    <form action={formAction} className="flex max-w-2xl flex-col gap-3 rounded border border-slate-200 bg-white p-4" noValidate>
      <h2 className="text-base font-semibold">Or import what {hostName} has now</h2>
      <FormMessage state={state} />
      <Field
        id="host-files-root"
        name="root"
        label="Where its files are"
        defaultValue={typeof state.values?.root === 'string' ? state.values.root : '/'}
        errors={state.fieldErrors?.root}
        hint="/etc/mail/virtusertable, /etc/aliases, /etc/mail/local-host-names (or sendmail.cw), /etc/passwd and /etc/shadow under this directory, read over the host's own connection."
      />
      <Field
        id="host-files-customer"
        name="customer"
        label="For the customer"
        defaultValue={typeof typed === 'string' ? typed : ''}
        errors={state.fieldErrors?.customer}
      />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="newCustomer" defaultChecked={state.values?.newCustomer === 'on'} /> Create this customer
      </label>
      <div>
        <Button type="submit" tone="secondary" disabled={pending}>
          {pending ? 'Reading the host…' : 'Read the host’s files (dry run)'}
        </Button>
      </div>
    </form>
  );
}
