import { ResetLogins } from '@/components/logins/reset-logins';
import { LimitList } from '@/components/tenants/limit-fields';
import { ActionButton } from '@/components/ui/action-button';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { can } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { getReseller } from '@/lib/data/resellers';
import { orNotFound } from '@/lib/web/or-not-found';
import { setResellerStatusAction } from './actions';

export default async function ResellerPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  const actor = await openScreen('reseller');
  const { id } = await params;
  const reseller = await orNotFound(getReseller(actor, id));
  const { created } = await searchParams;
  const active = reseller.status === 'ACTIVE';
  return (
    <>
      <PageHeader title={reseller.name} subtitle={<StatusBadge active={active} />} />
      {created ? (
        <p role="status" className="mb-6 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Reseller {reseller.name} created.
        </p>
      ) : null}
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
        <section>
          <h2 className="mb-2 text-lg font-semibold">Access</h2>
          <p className="mb-3 text-sm text-slate-600">A suspended reseller and all its customers cannot sign in; mail keeps flowing.</p>
          <ActionButton
            label={active ? 'Suspend reseller' : 'Reactivate reseller'}
            tone={active ? 'danger' : 'secondary'}
            action={setResellerStatusAction.bind(null, reseller.id, active)}
          />
        </section>
      ) : null}
      <ResetLogins resellerId={reseller.id} />
    </>
  );
}
