'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SelectField } from '@/components/ui/select-field';
import { idle } from '@/lib/web/form-state';
import { createMailHostAction } from './actions';

export function MailHostForm() {
  const [state, action, pending] = useActionState(createMailHostAction, idle);
  const v = (k: string) => (typeof state.values?.[k] === 'string' ? (state.values[k] as string) : undefined);
  const [transport, setTransport] = useState(v('transport') ?? 'LOCAL');
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="flex max-w-xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <Field name="name" label="Name" placeholder="mx1" required defaultValue={v('name')} errors={e.name} />
      <SelectField name="flavor" label="Mail software" options={[{ value: 'SENDMAIL', label: 'sendmail + Dovecot' }, { value: 'POSTFIX', label: 'Postfix + Dovecot' }]} defaultValue={v('flavor') ?? 'SENDMAIL'} errors={e.flavor} />
      <SelectField name="transport" label="Transport" options={[{ value: 'LOCAL', label: 'Local (the panel runs on the mail host)' }, { value: 'SSH', label: 'SSH' }]} value={transport} onChange={(ev) => setTransport(ev.target.value)} errors={e.transport} />
      <Field name="mapDir" label="Map directory" placeholder="/etc/mail" required defaultValue={v('mapDir')} errors={e.mapDir} hint="Where the live map files are; new files are written beside them and renamed into place." />
      {transport === 'SSH' ? (
        <>
          <div className="grid grid-cols-3 gap-4">
            <div className="col-span-2">
              <Field name="sshHost" label="SSH host" defaultValue={v('sshHost')} errors={e.sshHost} />
            </div>
            <Field name="sshPort" label="Port" type="number" defaultValue={v('sshPort') ?? '22'} errors={e.sshPort} />
          </div>
          <Field name="sshUser" label="SSH user" defaultValue={v('sshUser')} errors={e.sshUser} />
          <Field name="sshHostKey" label="Pinned host key" placeholder="ssh-ed25519 AAAA…" defaultValue={v('sshHostKey')} errors={e.sshHostKey} hint="The panel refuses to connect if the host presents any other key." />
        </>
      ) : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Adding…' : 'Add mail host'}
        </Button>
      </div>
    </form>
  );
}
