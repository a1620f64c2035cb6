import Link from 'next/link';
import { Cell, DataTable } from '@/components/ui/data-table';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { SearchForm } from '@/components/ui/search-form';
import { StatusBadge } from '@/components/ui/status-badge';
import { mayOpen } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { listCustomers } from '@/lib/data/customers';
import { ListQuery } from '@/lib/validation/tenants';

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('customers');
  const query = ListQuery.parse(await searchParams);
  const { rows, next } = await listCustomers(actor, query);
  const staff = actor.kind === 'admin' || actor.kind === 'support';
  return (
    <>
      <PageHeader
        title="Customers"
        actions={mayOpen(actor, 'customerNew') ? <LinkButton href="/customers/new">New customer</LinkButton> : null}
      />
      <SearchForm q={query.q} label="Search customers" />
      <DataTable
        caption="Customers"
        headers={['Customer', ...(staff ? ['Reseller'] : []), 'Domains', 'Status']}
        empty={
          rows.length === 0 ? (
            <p className="p-4 text-sm text-slate-600">{query.q ? `No customer matches “${query.q}”.` : 'No customers yet.'}</p>
          ) : null
        }
      >
        {rows.map((c) => (
          <tr key={c.id}>
            <Cell>
              <Link href={`/customers/${c.id}`} className="font-medium text-sky-700 hover:underline">
                {c.name}
              </Link>
            </Cell>
            {staff ? <Cell>{c.reseller.name}</Cell> : null}
            <Cell>
              {c._count.domains} of {c.maxDomains}
            </Cell>
            <Cell>
              <StatusBadge active={c.status === 'ACTIVE'} />
            </Cell>
          </tr>
        ))}
      </DataTable>
      <Pager path="/customers" q={query.q} next={next} />
    </>
  );
}
