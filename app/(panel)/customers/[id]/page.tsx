import { ResetLogins } from '@/components/logins/reset-logins';
import Link from 'next/link';
import { LimitList } from '@/components/tenants/limit-fields';
import { TenantControls, TenantNotice } from '@/components/tenants/tenant-controls';
import { Cell, DataTable } from '@/components/ui/data-table';
import { LinkButton } from '@/components/ui/link-button';
import { mayOpen } from '@/lib/auth/policy';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { can } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { getCustomer } from '@/lib/data/customers';
import { listDomains } from '@/lib/data/domain-list';
import { mayAddDomains } from '@/lib/data/domain-choices';
import { orNotFound } from '@/lib/web/or-not-found';
import { reactivateCustomerAction } from './actions';

export default async function CustomerPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string; updated?: string; suspended?: string; reactivated?: string }>;
}) {
  const actor = await openScreen('customer');
  const { id } = await params;
  const customer = await orNotFound(getCustomer(actor, id));
  const { rows: domains } = await listDomains(actor, { customerId: customer.id });
  const { created, updated, suspended, reactivated } = await searchParams;
  const active = customer.status === 'ACTIVE';
  const mayUpdate = can(actor, 'update', { type: 'customer', resellerId: customer.resellerId, customerId: customer.id });
  return (
    <>
      <PageHeader
        title={customer.name}
        subtitle={<StatusBadge active={active} />}
        actions={
          mayOpen(actor, 'customerActAs') ? (
            <LinkButton href={`/customers/${customer.id}/act-as`}>Act as this customer</LinkButton>
          ) : (await mayAddDomains(actor)) ? (
            <LinkButton href={`/domains/new?customerId=${customer.id}`}>Add domain</LinkButton>
          ) : null
        }
      />
      {created ? (
        <p role="status" className="mb-6 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Customer {customer.name} created.
        </p>
      ) : null}
      <TenantNotice
        text={
          reactivated && active
            ? 'Customer reactivated.'
            : updated
              ? 'Customer saved.'
              : suspended
                ? 'Customer suspended: its logins stop working at once.'
                : null
        }
      />
      <dl className="mb-8 grid max-w-xl grid-cols-[10rem_1fr] gap-y-2 rounded border border-slate-200 bg-white p-4 text-sm">
        <dt className="text-slate-600">Reseller</dt>
        <dd>{customer.reseller.name}</dd>
        <dt className="text-slate-600">Logins</dt>
        <dd>{customer.users.map((u) => u.email).join(', ') || '—'}</dd>
        <dt className="text-slate-600">In use</dt>
        <dd>
          {customer._count.domains} domains, {customer._count.accounts} accounts, {customer._count.aliases} aliases
        </dd>
        <LimitList limits={customer} />
        <dt className="text-slate-600">Own domains</dt>
        <dd>
          {customer.mayAddDomains
            ? `May add its own, on ${customer.mailHosts.map((m) => m.mailHost.name).join(', ') || 'no host yet'}`
            : 'Only its reseller adds them'}
        </dd>
      </dl>
      <h2 className="mb-2 text-lg font-semibold">Domains</h2>
      <DataTable
        caption={`Domains of ${customer.name}`}
        headers={['Domain', 'Status']}
        empty={domains.length === 0 ? <p className="p-4 text-sm text-slate-600">No domains yet.</p> : null}
      >
        {domains.map((d) => (
          <tr key={d.id}>
            <Cell>
              <Link href={`/domains/${d.id}`} className="text-sky-700 hover:underline">
                {d.name}
              </Link>
            </Cell>
            <Cell>
              <StatusBadge active={d.enabled} on="Enabled" off="Disabled" />
            </Cell>
          </tr>
        ))}
      </DataTable>
      {mayUpdate ? (
        <TenantControls
          what="customer"
          base={`/customers/${customer.id}`}
          active={active}
          reactivate={reactivateCustomerAction.bind(null, customer.id)}
        />
      ) : null}
      <ResetLogins customerId={customer.id} />
    </>
  );
}
