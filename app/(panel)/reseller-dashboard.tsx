import Link from 'next/link';
import { RecentActivity } from '@/components/dashboard/recent-activity';
import { UsageBars } from '@/components/dashboard/usage-bars';
import { Cell, DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import type { Actor } from '@/lib/auth/actor';
import { getResellerDashboard } from '@/lib/data/tenant-overview';
import { SyncStateText } from '@/components/sync/sync-state-text';
import { usage } from '@/lib/web/usage';

/** A reseller's landing page: what it holds against its limits, its hosts' state, its customers, activity. */
export async function ResellerDashboard({ actor }: { actor: Actor }) {
  const { reseller, customerCount, counts, hosts, activity, customers } = await getResellerDashboard(actor);
  const items = [
    usage('Domains', counts.domains, reseller.maxDomains),
    usage('Accounts', counts.accounts, reseller.maxAccounts),
    usage('Aliases', counts.aliases, reseller.maxAliases),
    usage('Addresses', counts.virtmaps, reseller.maxVirtmaps),
    usage('Quota', counts.quotaMb, reseller.maxQuotaMb, 'MiB'),
  ];
  return (
    <>
      <PageHeader
        title={reseller.name}
        subtitle={`${customerCount} ${customerCount === 1 ? 'customer' : 'customers'} · signed in as ${actor.label}`}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <UsageBars title="Usage against your limits" items={items} />
        <section aria-labelledby="hosts-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="hosts-heading" className="mb-3 text-lg font-semibold">
            Mail hosts
          </h2>
          {hosts.length === 0 ? (
            <p className="text-sm text-slate-700">None of your customers’ mail is on a host yet.</p>
          ) : (
            <ul className="flex flex-col gap-2 text-sm" data-testid="host-states">
              {hosts.map((h) => (
                <li key={h.id}>
                  <span className="font-medium">{h.name}</span>: <SyncStateText state={h.state} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <h2 className="mb-2 mt-8 text-lg font-semibold">Customers</h2>
      <DataTable caption="Your customers" headers={['Customer', 'Status', 'Domains', 'Accounts', '']}>
        {customers.map((c) => (
          <tr key={c.id}>
            <Cell>
              <Link href={`/customers/${c.id}`} className="font-medium text-sky-700 hover:underline">
                {c.name}
              </Link>
            </Cell>
            <Cell>
              <StatusBadge active={c.status === 'ACTIVE'} />
            </Cell>
            <Cell>{usage('Domains', c._count.domains, c.maxDomains).text}</Cell>
            <Cell>{usage('Accounts', c._count.accounts, c.maxAccounts).text}</Cell>
            <Cell>
              <Link href={c.status === 'ACTIVE' ? `/customers/${c.id}/suspend` : `/customers/${c.id}`} className="text-sky-700 underline">
                {c.status === 'ACTIVE' ? `Suspend ${c.name}` : `Resume ${c.name}`}
              </Link>
            </Cell>
          </tr>
        ))}
      </DataTable>
      <div className="mt-8">
        <RecentActivity events={activity} />
      </div>
    </>
  );
}
