import Link from 'next/link';
import { HostStatus } from '@/components/sync/host-status';
import { ActionButton } from '@/components/ui/action-button';
import { Cell, DataTable } from '@/components/ui/data-table';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { mayChangeOn, mayOpen } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { listMailHosts } from '@/lib/data/mail-hosts';
import { syncNowAction } from './sync-now-action';

// Operators see every host and its connection; a reseller sees the hosts assigned to it, status only.
export default async function MailHostsPage() {
  const actor = await openScreen('mailHosts');
  const hosts = await listMailHosts(actor);
  const operator = actor.kind === 'admin' || actor.kind === 'support';
  const headers = [
    'Host',
    'Flavour',
    ...(operator ? ['Transport'] : []),
    'Domains',
    ...(operator ? ['Live revision'] : []),
    operator ? 'Changes waiting' : 'Your changes waiting',
    'Sync',
    ...(mayChangeOn(actor, 'mailHosts') ? [''] : []),
  ];
  return (
    <>
      <PageHeader
        title="Mail hosts"
        actions={mayOpen(actor, 'mailHostNew') ? <LinkButton href="/mail-hosts/new">Add mail host</LinkButton> : null}
      />
      <DataTable
        caption="Mail hosts"
        headers={headers}
        empty={hosts.length === 0 ? <p className="p-4 text-sm text-slate-600">No mail hosts yet.</p> : null}
      >
        {hosts.map((h) => (
          <tr key={h.id} data-testid={`host-${h.name}`}>
            <Cell className="font-medium">
              {operator ? (
                <Link className="text-sky-700 hover:underline" href={`/mail-hosts/${h.id}`}>
                  {h.name}
                </Link>
              ) : (
                h.name
              )}
              {!operator && mayOpen(actor, 'mailHostImport') ? (
                <Link className="ml-3 text-xs text-sky-700 hover:underline" href={`/mail-hosts/${h.id}/import`}>
                  Import a sendmail host…
                </Link>
              ) : null}
            </Cell>
            <Cell>{h.flavor === 'POSTFIX' ? 'Postfix' : 'sendmail'}</Cell>
            {operator ? <Cell>{h.transport === 'SSH' ? `SSH ${h.sshHost ?? ''}` : `local ${h.mapDir ?? ''}`}</Cell> : null}
            <Cell>{h._count.domains}</Cell>
            {operator ? <Cell>{h.liveRevision === 0 ? 'never published' : h.liveRevision}</Cell> : null}
            <Cell>{h.waiting ? 'yes: waiting for sync' : 'none'}</Cell>
            <Cell>
              <HostStatus {...h} audience={operator ? 'operator' : 'tenant'} />
            </Cell>
            {mayChangeOn(actor, 'mailHosts') ? (
              <Cell>{h.enabled ? <ActionButton label="Sync now" action={syncNowAction.bind(null, h.id)} /> : null}</Cell>
            ) : null}
          </tr>
        ))}
      </DataTable>
    </>
  );
}
