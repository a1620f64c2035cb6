'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle, type FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

const FILES = [
  ['file_virtusertable', 'virtusertable', 'The virtmaps: /etc/mail/virtusertable (the text file, not the .db).'],
  ['file_aliases', 'aliases', 'The aliases: /etc/aliases or /etc/mail/aliases.'],
  ['file_local_host_names', 'local-host-names', 'The local domains: /etc/mail/local-host-names.'],
  ['file_sendmail_cw', 'sendmail.cw', 'Or, on older Red Hat hosts: /etc/mail/sendmail.cw.'],
  ['file_passwd', 'passwd', 'The Unix accounts that receive mail: /etc/passwd.'],
  ['file_shadow', 'shadow', 'Their password hashes: /etc/shadow. They are kept as they are, so mail clients keep working.'],
] as const;

/** The old host's files, who they are for, and the dry run. */
export function ImportForm({ action, customers }: { action: Bound; customers: string[] }) {
  const [state, formAction, pending] = useActionState(action, idle);
  const typed = state.values?.customer;
  return (
    <form action={formAction} className="flex max-w-2xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <fieldset className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
        <legend className="px-1 text-sm font-semibold">The host’s files (each optional)</legend>
        {FILES.map(([name, label, hint]) => (
          <Field key={name} name={name} label={label} type="file" hint={hint} errors={state.fieldErrors?.[name]} />
        ))}
        <Field
          name="file_includes"
          label="Include files"
          type="file"
          multiple
          hint="The lists that aliases name with :include: (e.g. /etc/mail/lists/staff), matched by file name."
          errors={state.fieldErrors?.file_includes}
        />
      </fieldset>
      <fieldset className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
        <legend className="px-1 text-sm font-semibold">Who the domains are for</legend>
        <Field
          name="customer"
          label="Customer"
          list="import-customers"
          defaultValue={typeof typed === 'string' ? typed : ''}
          errors={state.fieldErrors?.customer}
          hint="Every domain goes to this customer, unless the customers file below names another."
        />
        <datalist id="import-customers">
          {customers.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="newCustomer" defaultChecked={state.values?.newCustomer === 'on'} /> Create this customer
        </label>
        <Field
          name="file_customers"
          label="Customers file (optional)"
          type="file"
          hint='Lines "domain,customer": those domains go to those customers.'
          errors={state.fieldErrors?.file_customers}
        />
      </fieldset>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Reading the files…' : 'Dry run'}
        </Button>
      </div>
    </form>
  );
}
