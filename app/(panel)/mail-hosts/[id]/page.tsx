import Link from 'next/link';
import { HostStatus, Pill } from '@/components/sync/host-status';
import { duration, When } from '@/components/sync/when';
import { ActionButton } from '@/components/ui/action-button';
import { Cell, DataTable } from '@/components/ui/data-table';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { mayChangeOn, mayOpen } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { MAP_FILES } from '@/lib/data/host-maps';
import { getMailHost } from '@/lib/data/mail-hosts';
import { listSyncRuns } from '@/lib/data/sync-history';
import { hostKeyFingerprint } from '@/lib/crypto/ssh-public-key';
import { resolveHostSettings } from '@/lib/validation/host-settings';
import { commandText } from '@/lib/validation/host-settings-form';
import { parseCursor } from '@/lib/validation/list-query';
import { orNotFound } from '@/lib/web/or-not-found';
import { syncNowAction } from '../sync-now-action';
import { setWebmailUrlAction } from './webmail-action';
import { WebmailForm } from './webmail-form';

// One host for operators: its state, how the panel reaches it, what it runs there, and its history.
export default async function MailHostPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await openScreen('mailHost');
  const { id } = await params;
  const host = await orNotFound(getMailHost(actor, id));
  const { created, saved, before } = await searchParams;
  // A cursor that is not a run's id (an edited link) shows the newest runs, as every list's cursor does.
  const runs = await listSyncRuns(actor, host.id, parseCursor(before));
  const settings = safeSettings(host);
  return (
    <>
      <PageHeader
        title={host.name}
        subtitle={`${host.flavor === 'POSTFIX' ? 'Postfix' : 'sendmail'} + Dovecot · ${host.transport === 'SSH' ? `SSH ${host.sshUser ?? ''}@${host.sshHost ?? ''}:${host.sshPort}` : 'local'}`}
        actions={
          <>
            {mayOpen(actor, 'mailHostImport') ? (
              <LinkButton href={`/mail-hosts/${host.id}/import`}>Import a sendmail host…</LinkButton>
            ) : null}
            {mayOpen(actor, 'mailHostEdit') ? <LinkButton href={`/mail-hosts/${host.id}/edit`}>Edit</LinkButton> : null}
          </>
        }
      />
      {created || saved ? (
        <p role="status" className="mb-6 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {created ? `Mail host ${host.name} added.` : `Mail host ${host.name} saved: it is republished with these settings.`}
          {host.transport === 'SSH' && host.sshPublicKey
            ? " Add the panel's public key below to the SSH user's authorized_keys on the host."
            : ''}
        </p>
      ) : null}
      <section className="mb-8 grid gap-6 md:grid-cols-2" aria-label="Status">
        <dl className="grid grid-cols-[10rem_1fr] gap-y-2 rounded border border-slate-200 bg-white p-4 text-sm">
          <dt className="text-slate-600">Live revision</dt>
          <dd data-testid="live-revision">{host.liveRevision === 0 ? 'never published' : host.liveRevision}</dd>
          <dt className="text-slate-600">Changes waiting</dt>
          <dd>
            {host.changeSeq > host.syncedSeq
              ? `yes (${(host.changeSeq - host.syncedSeq).toString()} saved since the live revision)`
              : 'none'}
          </dd>
          <dt className="text-slate-600">State</dt>
          <dd>
            <HostStatus {...host} waiting={host.changeSeq > host.syncedSeq} />
          </dd>
          <dt className="text-slate-600">Publishing</dt>
          <dd data-testid="publish-mode">
            {settings?.publishMode === 'files' ? (
              <>
                <Pill tone="amber">Files only</Pill>{' '}
                <span className="block text-xs text-slate-700">
                  Files only: maps are written and checked by mailpanel; no MTA rebuilds or reloads them.
                </span>
              </>
            ) : (
              'Build and reload: the commands below run on the host'
            )}
          </dd>
          <dt className="text-slate-600">On it</dt>
          <dd>
            {host._count.domains} domains, {host._count.accounts} accounts, {host._count.aliases} aliases
          </dd>
        </dl>
        {mayChangeOn(actor, 'mailHost') && host.enabled ? (
          <div className="flex flex-col gap-2 text-sm">
            <p className="text-slate-600">
              Publishing happens by itself a moment after each change. Sync now publishes at once, also while retries of a failing host
              wait.
            </p>
            <ActionButton label="Sync now" action={syncNowAction.bind(null, host.id)} />
          </div>
        ) : null}
      </section>
      <section className="mb-8" aria-labelledby="connection">
        <h2 id="connection" className="mb-2 text-lg font-semibold">
          Connection and commands
        </h2>
        <dl className="grid grid-cols-[12rem_1fr] gap-y-2 rounded border border-slate-200 bg-white p-4 text-sm">
          <dt className="text-slate-600">Map directory</dt>
          <dd className="font-mono">{host.mapDir}</dd>
          {host.transport === 'SSH' ? (
            <>
              <dt className="text-slate-600">Pinned host key</dt>
              <dd className="break-all font-mono text-xs">{host.sshHostKey ? fingerprint(host.sshHostKey) : '—'}</dd>
              <dt className="text-slate-600">Panel&apos;s public key</dt>
              <dd>
                {host.sshKeyState === 'unreadable' ? (
                  <Pill tone="red">The stored key cannot be opened (was the secret changed?): generate a new one</Pill>
                ) : null}
                {host.sshPublicKey ? (
                  <code className="block break-all rounded bg-slate-50 p-2 text-xs" data-testid="ssh-public-key">
                    {host.sshPublicKey}
                  </code>
                ) : (
                  '—'
                )}
              </dd>
            </>
          ) : null}
          {settings ? (
            <>
              <dt className="text-slate-600">Build / check / patch</dt>
              {settings.publishMode === 'files' ? (
                <dd className="text-xs">none run (files only): mailpanel reads each written file back with its own parsers</dd>
              ) : (
                <dd className="font-mono text-xs">
                  {[
                    settings.commands.buildMap,
                    settings.commands.buildAliases,
                    settings.commands.checkMap,
                    settings.commands.checkAliases,
                    settings.commands.checkRegexp,
                    settings.commands.patchMap?.put,
                    settings.commands.patchMap?.remove,
                    settings.commands.patchAliases?.put,
                    settings.commands.patchAliases?.remove,
                  ]
                    .map((c) => commandText(c))
                    .filter((text, i, all) => text && all.indexOf(text) === i)
                    .map((text) => (
                      <div key={text}>{text}</div>
                    ))}
                </dd>
              )}
              <dt className="text-slate-600">Configuration read</dt>
              <dd className="font-mono text-xs">
                {settings.publishMode === 'files' ? (
                  <span className="font-sans">none (files only)</span>
                ) : settings.commands.readConfig ? (
                  commandText(settings.commands.readConfig)
                ) : (
                  <span className="font-sans">none: the shards are not checked against the MTA&apos;s configuration</span>
                )}
              </dd>
              <dt className="text-slate-600">Reload</dt>
              {settings.publishMode === 'files' ? (
                <dd className="text-xs">none run (files only)</dd>
              ) : (
                <dd className="font-mono text-xs">
                  {settings.commands.reload.length
                    ? settings.commands.reload.map((c) => <div key={commandText(c)}>{commandText(c)}</div>)
                    : 'none'}
                </dd>
              )}
              <dt className="text-slate-600">Mailboxes</dt>
              <dd className="font-mono text-xs">
                uid {settings.dovecot.uid} gid {settings.dovecot.gid} under {settings.dovecot.homeBase}
              </dd>
            </>
          ) : (
            <>
              <dt className="text-slate-600">Settings</dt>
              <dd>
                <Pill tone="red">The stored settings are not valid: edit the host</Pill>
              </dd>
            </>
          )}
        </dl>
      </section>
      <section className="mb-8" aria-labelledby="webmail">
        <h2 id="webmail" className="mb-2 text-lg font-semibold">
          Webmail
        </h2>
        {mayChangeOn(actor, 'mailHost') ? (
          <WebmailForm webmailUrl={host.webmailUrl} action={setWebmailUrlAction.bind(null, host.id)} />
        ) : (
          <p className="text-sm" data-testid="webmail-url">
            {host.webmailUrl ?? 'No webmail link.'}
          </p>
        )}
      </section>
      <section className="mb-8" aria-labelledby="map-files">
        <h2 id="map-files" className="mb-2 text-lg font-semibold">
          Map files
        </h2>
        <p className="mb-2 text-sm text-slate-600">
          What is saved now, as each MTA reads it (also for moving this host to the other MTA). The Dovecot passwd-file is not offered: it
          holds the password hashes.
        </p>
        <div className="grid gap-4 rounded border border-slate-200 bg-white p-4 text-sm md:grid-cols-2">
          {(['sendmail', 'postfix'] as const).map((flavor) => (
            <div key={flavor}>
              <h3 className="font-medium">{flavor === 'sendmail' ? 'sendmail' : 'Postfix'}</h3>
              <ul
                className="mt-1 flex flex-wrap gap-x-4 gap-y-1"
                aria-label={`${flavor === 'sendmail' ? 'sendmail' : 'Postfix'} map files`}
              >
                {MAP_FILES[flavor].map((file) => (
                  <li key={file}>
                    <a className="font-mono text-sky-700 hover:underline" href={`/mail-hosts/${host.id}/maps/${flavor}/${file}`} download>
                      {file}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </section>
      <section aria-labelledby="history">
        <h2 id="history" className="mb-2 text-lg font-semibold">
          History
        </h2>
        <DataTable
          caption="Publishes of this host"
          headers={['Revision', 'Result', 'Trigger', 'Started', 'Took', 'Files changed']}
          empty={runs.rows.length === 0 ? <p className="p-4 text-sm text-slate-600">Nothing published yet.</p> : null}
        >
          {runs.rows.map((r) => (
            <tr key={r.id}>
              <Cell>
                <Link className="text-sky-700 hover:underline" href={`/mail-hosts/${host.id}/runs/${r.id}`}>
                  {r.revision ? `revision ${r.revision}` : 'attempt'}
                </Link>
              </Cell>
              <Cell>
                {r.status === 'SUCCEEDED' ? (
                  <Pill tone="emerald">succeeded</Pill>
                ) : r.status === 'FAILED' ? (
                  <Pill tone="red">failed{r.failedPhase ? ` at ${r.failedPhase}` : ''}</Pill>
                ) : (
                  <Pill tone="amber">{r.status.toLowerCase()}</Pill>
                )}
              </Cell>
              <Cell>{r.trigger}</Cell>
              <Cell>
                <When at={r.startedAt} />
              </Cell>
              <Cell>{duration(r.startedAt, r.finishedAt)}</Cell>
              <Cell>{r.status === 'SUCCEEDED' ? r._count.files : '—'}</Cell>
            </tr>
          ))}
        </DataTable>
        {runs.next ? (
          <Link className="mt-2 inline-block text-sm text-sky-700 hover:underline" href={`/mail-hosts/${host.id}?before=${runs.next}`}>
            Older runs
          </Link>
        ) : null}
      </section>
    </>
  );
}

function safeSettings(host: { flavor: Parameters<typeof resolveHostSettings>[0]; mapDir: string; settings: unknown }) {
  try {
    return resolveHostSettings(host.flavor, host.mapDir, host.settings);
  } catch {
    return null;
  }
}

function fingerprint(key: string): string {
  try {
    return `${key.split(' ')[0] ?? ''} ${hostKeyFingerprint(key)}`;
  } catch {
    return key;
  }
}
