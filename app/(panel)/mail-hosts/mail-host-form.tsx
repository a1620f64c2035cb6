'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SelectField } from '@/components/ui/select-field';
import { TextareaField } from '@/components/ui/textarea-field';
import { defaultsAsForm } from '@/lib/validation/host-settings-form';
import { idle, type FormState } from '@/lib/web/form-state';

type Action = (prev: FormState, formData: FormData) => Promise<FormState>;

export interface MailHostFormInitial {
  values: Record<string, string>;
  /** Editing: whether the panel already has an SSH key for the host (then "keep" is offered). */
  hasKey?: boolean;
}

/** Adding or editing a mail host. Blank path and command fields mean the flavour's default (the placeholder). */
export function MailHostForm({
  action,
  initial,
  editing = false,
  localRoot,
  mapRoots,
}: {
  action: Action;
  initial?: MailHostFormInitial;
  editing?: boolean;
  localRoot?: string;
  /** Where a map directory may lie on this panel (lib/validation/host-policy.ts), told before it is refused. */
  mapRoots?: readonly string[];
}) {
  const [state, formAction, pending] = useActionState(action, idle);
  const given = { ...initial?.values, ...(state.values as Record<string, string> | undefined) };
  const v = (k: string) => (typeof given[k] === 'string' ? given[k] : undefined);
  const [transport, setTransport] = useState(v('transport') ?? 'LOCAL');
  const [flavor, setFlavor] = useState<'SENDMAIL' | 'POSTFIX'>(v('flavor') === 'POSTFIX' ? 'POSTFIX' : 'SENDMAIL');
  const [keyMode, setKeyMode] = useState(v('sshKey') ?? (initial?.hasKey ? 'keep' : 'generate'));
  const e = state.fieldErrors ?? {};
  const defaults = defaultsAsForm(flavor, v('mapDir') || '/etc/mail');
  const setting = (name: string, label: string, hint?: string) => (
    <Field name={name} label={label} placeholder={defaults[name]} defaultValue={v(name)} errors={e[name]} hint={hint} />
  );
  const settingsErrors = Object.keys(e).some(
    (k) => k.startsWith('cmd_') || k.startsWith('dovecot') || k === 'keepRevisions' || k === 'mapShards' || k === 'commandTimeoutSeconds',
  );
  return (
    <form action={formAction} className="flex max-w-2xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <Field name="name" label="Name" placeholder="mx1" required defaultValue={v('name')} errors={e.name} />
      <SelectField
        name="flavor"
        label="Mail software"
        options={[
          { value: 'SENDMAIL', label: 'sendmail + Dovecot' },
          { value: 'POSTFIX', label: 'Postfix + Dovecot' },
        ]}
        value={flavor}
        onChange={(ev) => setFlavor(ev.target.value === 'POSTFIX' ? 'POSTFIX' : 'SENDMAIL')}
        errors={e.flavor}
      />
      {editing ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="hidden" name="enabledShown" value="1" />
          <input type="checkbox" name="enabled" defaultChecked={v('enabled') !== 'false'} /> Enabled: publish to this host
        </label>
      ) : null}
      <SelectField
        name="transport"
        label="Transport"
        options={[
          { value: 'LOCAL', label: 'Local (the panel runs on the mail host)' },
          { value: 'SSH', label: 'SSH' },
        ]}
        value={transport}
        onChange={(ev) => setTransport(ev.target.value)}
        errors={e.transport}
      />
      <Field
        name="mapDir"
        label="Map directory"
        placeholder="/etc/mail/panel"
        required
        defaultValue={v('mapDir')}
        errors={e.mapDir}
        hint={`An absolute path. Each publish builds rev-N/ there and switches the link current → rev-N; point the MTA and Dovecot at current/.${mapRoots?.length ? ` It lies under ${mapRoots.join(', ')}.` : ''}${transport === 'LOCAL' && localRoot ? ` A local host of this panel's own data directory: ${localRoot}/<name>.` : ''}`}
      />
      <SelectField
        name="publishMode"
        label="Publishing"
        options={[
          { value: 'full', label: 'Build and reload: run the commands below on the host' },
          { value: 'files', label: 'Files only: write the maps and check them with the panel; no MTA rebuilds or reloads them' },
        ]}
        defaultValue={v('publishMode') ?? 'full'}
        errors={e.publishMode}
      />
      {transport === 'SSH' ? (
        <fieldset className="flex flex-col gap-4 rounded border border-slate-200 p-4">
          <legend className="px-1 text-sm font-medium">SSH</legend>
          <div className="grid grid-cols-3 gap-4">
            <div className="col-span-2">
              <Field name="sshHost" label="SSH host" defaultValue={v('sshHost')} errors={e.sshHost} />
            </div>
            <Field name="sshPort" label="Port" type="number" defaultValue={v('sshPort') ?? '22'} errors={e.sshPort} />
          </div>
          <Field name="sshUser" label="SSH user" defaultValue={v('sshUser')} errors={e.sshUser} />
          <Field
            name="sshHostKey"
            label="Pinned host key"
            placeholder="ssh-ed25519 AAAA…"
            defaultValue={v('sshHostKey')}
            errors={e.sshHostKey}
            hint="The panel refuses to connect if the host presents any other key. On the host: cat /etc/ssh/ssh_host_ed25519_key.pub"
          />
          <div role="radiogroup" aria-labelledby="ssh-key-label" className="flex flex-col gap-1 text-sm">
            <span id="ssh-key-label" className="font-medium text-slate-700">
              The panel&apos;s login key
            </span>
            {initial?.hasKey ? (
              <label className="flex items-center gap-2">
                <input type="radio" name="sshKey" value="keep" checked={keyMode === 'keep'} onChange={() => setKeyMode('keep')} /> Keep the
                current key
              </label>
            ) : null}
            <label className="flex items-center gap-2">
              <input type="radio" name="sshKey" value="generate" checked={keyMode === 'generate'} onChange={() => setKeyMode('generate')} />{' '}
              Generate a new key pair (you add its public key to the host&apos;s authorized_keys)
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="sshKey" value="paste" checked={keyMode === 'paste'} onChange={() => setKeyMode('paste')} /> Use a
              private key I paste
            </label>
          </div>
          {keyMode === 'paste' ? (
            <TextareaField
              name="sshPrivateKey"
              label="Private key"
              rows={6}
              autoComplete="off"
              spellCheck={false}
              errors={e.sshPrivateKey}
              hint="Unencrypted OpenSSH or PEM. It is sealed before it is stored and never shown again."
            />
          ) : null}
        </fieldset>
      ) : null}
      <details className="rounded border border-slate-200 bg-white p-4" open={settingsErrors}>
        <summary className="cursor-pointer text-sm font-medium">
          Paths and commands (blank: the {flavor === 'POSTFIX' ? 'Postfix' : 'sendmail'} default shown)
        </summary>
        <div className="mt-4 flex flex-col gap-4">
          <p className="text-xs text-slate-600">
            Commands run without a shell, as written: a program&apos;s absolute path and its arguments. {'{file}'} is the map being built,{' '}
            {'{key}'} a key looked up to check it; &quot;&lt; {'{file}'}&quot; feeds the file on standard input; a reload line may end with
            &quot;if-changed a,b&quot;. Type &quot;none&quot; for no reload commands.
          </p>
          <div className="grid grid-cols-2 gap-4">
            {setting('keepRevisions', 'Older revisions kept')}
            {setting('commandTimeoutSeconds', 'Command timeout (seconds)')}
            {setting(
              'mapShards',
              'Map shards',
              flavor === 'POSTFIX'
                ? 'virtual, recipients, access, transport split by domain; main.cf must list every shard'
                : 'virtusertable split by domain; sendmail.mc must name every shard',
            )}
            {setting('dovecotUid', 'Mailbox uid')}
            {setting('dovecotGid', 'Mailbox gid')}
            {setting('dovecotHomeBase', 'Mailbox homes under')}
            {setting('dovecotPasswdGroup', 'passwd-file group', '"none": readable by its owner only')}
          </div>
          {setting('cmd_buildMap', 'Build a map')}
          {setting('cmd_buildAliases', 'Build the aliases')}
          {setting('cmd_checkMap', 'Check a map')}
          {setting('cmd_checkAliases', 'Check the aliases')}
          {flavor === 'POSTFIX' ? setting('cmd_checkRegexp', 'Check the regexp table') : null}
          {setting('cmd_readConfig', 'Read the configuration', 'checked before each publish: it must name every map shard')}
          <TextareaField
            name="cmd_reload"
            label="Reload after the switch (one command a line)"
            rows={3}
            placeholder={defaults.cmd_reload === 'none' ? 'none (maps need no reload)' : defaults.cmd_reload}
            defaultValue={v('cmd_reload')}
            errors={e.cmd_reload}
          />
        </div>
      </details>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : editing ? 'Save mail host' : 'Add mail host'}
        </Button>
      </div>
    </form>
  );
}
