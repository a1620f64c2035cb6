import Link from 'next/link';
import { Cell, DataTable } from '@/components/ui/data-table';
import { LinkButton } from '@/components/ui/link-button';
import { DeletedNotice } from '@/components/ui/deleted-notice';
import { ListTotal } from '@/components/ui/list-total';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { SearchForm } from '@/components/ui/search-form';
import { StatusBadge } from '@/components/ui/status-badge';
import { mayOpen } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { CUSTOMER_SORTS, listCustomers } from '@/lib/data/customer-list';
import { sortHeader } from '@/lib/web/list-href';
import { listQuery, sortParam } from '@/lib/validation/list-query';

const PATH = '/customers';

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('customers');
  const params = await searchParams;
  const query = listQuery(CUSTOMER_SORTS).parse(params);
  const { rows, next, prev, total } = await listCustomers(actor, query);
  const staff = actor.kind === 'admin' || actor.kind === 'support';
  const state = { q: query.q, sort: sortParam(query.sort) };
  const sortBy = (key: (typeof CUSTOMER_SORTS)[number], label: string) => sortHeader(PATH, state, query.sort, key, label);
  return (
    <>
      <PageHeader
        title="Customers"
        actions={mayOpen(actor, 'customerNew') ? <LinkButton href="/customers/new">New customer</LinkButton> : null}
      />
      <DeletedNotice params={params} what="Customer" after="The mail hosts drop its addresses at the next sync." />
      <SearchForm q={query.q} label="Search customers" sort={state.sort} />
      <ListTotal total={total} one="customer" many="customers" q={query.q} />
      <DataTable
        caption="Customers"
        headers={[
          sortBy('name', 'Customer'),
          ...(staff ? ['Reseller'] : []),
          'Domains',
          sortBy('status', 'Status'),
          sortBy('added', 'Added'),
        ]}
        empty={
          rows.length === 0 ? (
            <p className="p-4 text-sm text-slate-700">{query.q ? `No customer matches “${query.q}”.` : 'No customers yet.'}</p>
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
            <Cell className="whitespace-nowrap">
              {c._count.domains} of {c.maxDomains}
            </Cell>
            <Cell>
              <StatusBadge active={c.status === 'ACTIVE'} />
            </Cell>
            <Cell className="whitespace-nowrap">{c.createdAt.toISOString().slice(0, 10)}</Cell>
          </tr>
        ))}
      </DataTable>
      <Pager path={PATH} params={state} next={next} prev={prev} />
    </>
  );
}
