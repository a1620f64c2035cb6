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
import { listResellers, RESELLER_SORTS } from '@/lib/data/reseller-list';
import { sortHeader } from '@/lib/web/list-href';
import { listQuery, sortParam } from '@/lib/validation/list-query';

const PATH = '/resellers';

export default async function ResellersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('resellers');
  const params = await searchParams;
  const query = listQuery(RESELLER_SORTS).parse(params);
  const { rows, next, prev, total } = await listResellers(actor, query);
  const state = { q: query.q, sort: sortParam(query.sort) };
  const sortBy = (key: (typeof RESELLER_SORTS)[number], label: string) => sortHeader(PATH, state, query.sort, key, label);
  return (
    <>
      <PageHeader
        title="Resellers"
        actions={mayOpen(actor, 'resellerNew') ? <LinkButton href="/resellers/new">New reseller</LinkButton> : null}
      />
      <DeletedNotice params={params} what="Reseller" after="The mail hosts drop its addresses at the next sync." />
      <SearchForm q={query.q} label="Search resellers" sort={state.sort} />
      <ListTotal total={total} one="reseller" many="resellers" q={query.q} />
      <DataTable
        caption="Resellers"
        headers={[sortBy('name', 'Reseller'), 'Customers', sortBy('domainLimit', 'Domain limit'), sortBy('status', 'Status')]}
        empty={rows.length === 0 ? <p className="p-4 text-sm text-slate-700">No resellers found.</p> : null}
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
      <Pager path={PATH} params={state} next={next} prev={prev} />
    </>
  );
}
