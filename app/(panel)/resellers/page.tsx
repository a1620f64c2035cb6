import Link from 'next/link';
import { Cell, DataTable } from '@/components/ui/data-table';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { SearchForm } from '@/components/ui/search-form';
import { StatusBadge } from '@/components/ui/status-badge';
import { mayOpen } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { listResellers } from '@/lib/data/resellers';
import { ListQuery } from '@/lib/validation/tenants';

export default async function ResellersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('resellers');
  const query = ListQuery.parse(await searchParams);
  const { rows, next } = await listResellers(actor, query);
  return (
    <>
      <PageHeader
        title="Resellers"
        actions={mayOpen(actor, 'resellerNew') ? <LinkButton href="/resellers/new">New reseller</LinkButton> : null}
      />
      <SearchForm q={query.q} label="Search resellers" />
      <DataTable
        caption="Resellers"
        headers={['Reseller', 'Customers', 'Domain limit', 'Status']}
        empty={rows.length === 0 ? <p className="p-4 text-sm text-slate-600">No resellers found.</p> : null}
      >
        {rows.map((r) => (
          <tr key={r.id}>
            <Cell>
              <Link href={`/resellers/${r.id}`} className="font-medium text-sky-700 hover:underline">
                {r.name}
              </Link>
            </Cell>
            <Cell>{r._count.customers}</Cell>
            <Cell>{r.maxDomains}</Cell>
            <Cell>
              <StatusBadge active={r.status === 'ACTIVE'} />
            </Cell>
          </tr>
        ))}
      </DataTable>
      <Pager path="/resellers" q={query.q} next={next} />
    </>
  );
}
