import Link from 'next/link';
import { Cell, DataTable } from '@/components/ui/data-table';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { SearchForm } from '@/components/ui/search-form';
import { StatusBadge } from '@/components/ui/status-badge';
import { openScreen } from '@/lib/web/open-screen';
import { mayAddDomains } from '@/lib/data/domain-choices';
import { listDomains } from '@/lib/data/domains';
import { ListQuery } from '@/lib/validation/tenants';

export default async function DomainsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('domains');
  const params = await searchParams;
  const query = ListQuery.parse(params);
  const deleted = typeof params.deleted === 'string' ? params.deleted : null;
  const { rows, next } = await listDomains(actor, query);
  return (
    <>
      <PageHeader title="Domains" actions={(await mayAddDomains(actor)) ? <LinkButton href="/domains/new">Add domain</LinkButton> : null} />
      {deleted ? (
        <p role="status" className="mb-4 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Domain {deleted} deleted. The mail host drops it at the next sync.
        </p>
      ) : null}
      <SearchForm q={query.q} label="Search domains" />
      <DataTable
        caption="Domains"
        headers={['Domain', 'Customer', 'Mail host', 'Virtmaps', 'Status']}
        empty={
          rows.length === 0 ? (
            <p className="p-4 text-sm text-slate-600">{query.q ? `No domain matches “${query.q}”.` : 'No domains yet.'}</p>
          ) : null
        }
      >
        {rows.map((d) => (
          <tr key={d.id}>
            <Cell>
              <Link href={`/domains/${d.id}`} className="font-medium text-sky-700 hover:underline">
                {d.name}
              </Link>
            </Cell>
            <Cell>{d.customer.name}</Cell>
            <Cell>{d.mailHost.name}</Cell>
            <Cell>{d._count.virtmaps}</Cell>
            <Cell>
              <StatusBadge active={d.enabled} on="Enabled" off="Disabled" />
              {d.verifiedAt ? null : (
                <span className="ml-2 inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
                  Waiting for proof of ownership
                </span>
              )}
            </Cell>
          </tr>
        ))}
      </DataTable>
      <Pager path="/domains" q={query.q} next={next} />
    </>
  );
}
