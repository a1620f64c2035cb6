import { HostSyncBadge } from '@/components/sync/host-sync-badge';
import { PageHeader } from '@/components/ui/page-header';
import { ObjectHistory } from '@/components/mail/object-history';
import { listObjectHistory } from '@/lib/data/object-history';
import { can } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { getAlias } from '@/lib/data/aliases';
import { formatAliasTarget } from '@/lib/mail/targets';
import { orNotFound } from '@/lib/web/or-not-found';
import { deleteAliasAction, updateAliasAction } from './actions';
import { AliasTargetsForm, DeleteAliasForm } from './alias-controls';

export default async function AliasPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string; undone?: string }>;
}) {
  const actor = await openScreen('alias');
  const { id } = await params;
  const alias = await orNotFound(getAlias(actor, id));
  const { created, undone } = await searchParams;
  const tenant = { type: 'alias' as const, resellerId: alias.customer.resellerId, customerId: alias.customer.id };
  const targets = alias.targets.map(formatAliasTarget);
  return (
    <>
      <PageHeader
        title={`Alias ${alias.name}`}
        subtitle={
          <>
            {`${alias.customer.name} · ${alias.mailHost.name}`} <HostSyncBadge actor={actor} mailHostId={alias.mailHostId} />
          </>
        }
      />
      {created ? (
        <p role="status" className="mb-6 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Alias {alias.name} created. Waiting for sync.
        </p>
      ) : null}
      <p className="mb-6 text-sm" data-testid="alias-targets">
        {alias.name} → <span className="font-mono">{targets.join(', ')}</span>
      </p>
      {alias.hostName ? (
        <p className="-mt-4 mb-6 text-sm text-slate-600" data-testid="alias-on-host">
          On the mail host: <code>{alias.hostName}</code> (the customer&apos;s names carry its tag there: docs/tenancy.md).
        </p>
      ) : null}
      {can(actor, 'update', tenant) ? (
        <section className="mb-8">
          <h2 className="mb-2 text-lg font-semibold">Targets</h2>
          <AliasTargetsForm
            targets={targets.join('\n')}
            version={alias.updatedAt.toISOString()}
            action={updateAliasAction.bind(null, alias.id)}
          />
        </section>
      ) : null}
      {can(actor, 'delete', tenant) ? (
        <section className="rounded border border-red-200 bg-white p-4">
          <h2 className="mb-2 text-lg font-semibold text-red-800">Delete alias</h2>
          <DeleteAliasForm name={alias.name} action={deleteAliasAction.bind(null, alias.id)} />
        </section>
      ) : null}
      <ObjectHistory {...await listObjectHistory(actor, 'alias', alias.id)} undone={undone === '1'} />
    </>
  );
}
