import { notFound } from 'next/navigation';
import { Cell, DataTable } from '@/components/ui/data-table';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { requireActor } from '@/lib/auth/session';
import { listMailHosts } from '@/lib/data/mail-hosts';

export default async function MailHostsPage() {
  const actor = await requireActor();
  if (actor.kind === 'customer' || actor.kind === 'mailbox') notFound();
  const hosts = await listMailHosts(actor);
  return (
    <>
      <PageHeader
        title="Mail hosts"
        actions={actor.kind === 'admin' ? <LinkButton href="/mail-hosts/new">Add mail host</LinkButton> : null}
      />
      <DataTable caption="Mail hosts" headers={['Host', 'Flavour', 'Transport', 'Domains', 'Live revision', 'Changes waiting', 'Status']} empty={hosts.length === 0 ? <p className="p-4 text-sm text-slate-600">No mail hosts yet.</p> : null}>
        {hosts.map((h) => (
          <tr key={h.id}>
            <Cell className="font-medium">{h.name}</Cell>
            <Cell>{h.flavor === 'POSTFIX' ? 'Postfix' : 'sendmail'}</Cell>
            <Cell>{h.transport === 'SSH' ? `SSH ${h.sshHost ?? ''}` : `local ${h.mapDir}`}</Cell>
            <Cell>{h._count.domains}</Cell>
            <Cell>{h.liveRevision === 0 ? 'never published' : h.liveRevision}</Cell>
            <Cell>{h.changeSeq > h.syncedSeq ? 'yes: waiting for sync' : 'none'}</Cell>
            <Cell>
              <StatusBadge active={h.enabled} on="Enabled" off="Disabled" />
            </Cell>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
