import { ResetLogins } from '@/components/logins/reset-logins';
import { LimitList } from '@/components/tenants/limit-fields';
import { TenantControls, TenantNotice } from '@/components/tenants/tenant-controls';
import { mayOpen } from '@/lib/auth/policy';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { can } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { getReseller } from '@/lib/data/resellers';
import { orNotFound } from '@/lib/web/or-not-found';
import { reactivateResellerAction } from './actions';

export default async function ResellerPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string; updated?: string; suspended?: string; reactivated?: string }>;
}) {
  const actor = await openScreen('reseller');
  const { id } = await params;
  const reseller = await orNotFound(getReseller(actor, id));
  const { created, updated, suspended, reactivated } = await searchParams;
  const active = reseller.status === 'ACTIVE';
  return (
    <>
      <PageHeader
        title={reseller.name}
        subtitle={<StatusBadge active={active} />}
        actions={
          mayOpen(actor, 'resellerActAs') ? <LinkButton href={`/resellers/${reseller.id}/act-as`}>Act as this reseller</LinkButton> : null
        }
      />
      {created ? (
        <p role="status" className="mb-6 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Reseller {reseller.name} created.
        </p>
      ) : null}
      <TenantNotice
        text={
          reactivated && active
            ? 'Reseller reactivated.'
            : updated
              ? 'Reseller saved.'
              : suspended
                ? "Reseller suspended: its logins and its customers' logins stop working at once."
                : null
        }
      />
      <dl className="mb-8 grid max-w-xl grid-cols-[10rem_1fr] gap-y-2 rounded border border-slate-200 bg-white p-4 text-sm">
        <dt className="text-slate-600">Logins</dt>
        <dd>{reseller.users.map((u) => u.email).join(', ') || '—'}</dd>
        <dt className="text-slate-600">Mail hosts</dt>
        <dd>{reseller.mailHosts.map((m) => m.mailHost.name).join(', ') || '—'}</dd>
        <dt className="text-slate-600">In use</dt>
        <dd>
          {reseller._count.customers} customers, {reseller.domainCount} domains
        </dd>
        <LimitList limits={reseller} />
      </dl>
      {can(actor, 'update', { type: 'reseller', resellerId: reseller.id }) ? (
        <TenantControls
          what="reseller"
          base={`/resellers/${reseller.id}`}
          active={active}
          reactivate={reactivateResellerAction.bind(null, reseller.id)}
        />
      ) : null}
      <ResetLogins resellerId={reseller.id} />
    </>
  );
}
