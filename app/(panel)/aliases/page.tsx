import Link from 'next/link';
import { Cell, DataTable } from '@/components/ui/data-table';
import { LinkButton } from '@/components/ui/link-button';
import { DeletedNotice } from '@/components/ui/deleted-notice';
import { ListTotal } from '@/components/ui/list-total';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { SearchForm } from '@/components/ui/search-form';
import { BulkListForm, RowCheckbox } from '@/components/ui/bulk-list-form';
import { ListFilters } from '@/components/ui/list-filters';
import { BulkDoneNotice, DownloadCsv } from '@/components/ui/list-tools';
import { filterCustomers } from '@/lib/data/list-filters';
import { bulkDoneNotice } from '@/lib/web/bulk-words';
import { mayOpen } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { ALIAS_SORTS, listAliases } from '@/lib/data/alias-list';
import { domainLabel } from '@/lib/web/domain-label';
import { sortHeader } from '@/lib/web/list-href';
import { formatAliasTarget } from '@/lib/mail/targets';
import { listQuery, sortParam } from '@/lib/validation/list-query';

const PATH = '/aliases';

export default async function AliasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('aliases');
  const params = await searchParams;
  const query = listQuery(ALIAS_SORTS).parse(params);
  const { rows, next, prev, total } = await listAliases(actor, query);
  const state = { q: query.q, sort: sortParam(query.sort), status: query.status, customer: query.customer };
  const customers = await filterCustomers(actor);
  const bulk = mayOpen(actor, 'aliasesBulk') ? [{ op: 'delete', label: 'Delete selected' }] : null;
  const sortBy = (key: (typeof ALIAS_SORTS)[number], label: string) => sortHeader(PATH, state, query.sort, key, label);
  return (
    <>
      <PageHeader
        title="Aliases"
        subtitle="A name on the mail host that forwards to accounts, other aliases or addresses."
        actions={mayOpen(actor, 'aliasNew') ? <LinkButton href="/aliases/new">New alias</LinkButton> : null}
      />
      <DeletedNotice params={params} what="Alias" />
      <BulkDoneNotice text={bulkDoneNotice('alias', params)} />
      <SearchForm q={query.q} label="Search aliases by name or target" sort={state.sort}>
        <ListFilters status={null} customers={customers} customer={query.customer} />
      </SearchForm>
      <div className="mb-2 flex justify-end">
        <DownloadCsv list="aliases" params={state} />
      </div>
      <ListTotal total={total} one="alias" many="aliases" q={query.q} />
      <BulkListForm action="/aliases/bulk" ops={bulk}>
        <DataTable
          caption="Aliases"
          headers={[...(bulk ? ['Select'] : []), sortBy('name', 'Alias'), 'Targets', 'Customer', 'Mail host', sortBy('added', 'Added')]}
          empty={
            rows.length === 0 ? (
              <p className="p-4 text-sm text-slate-700">{query.q ? `No alias matches “${query.q}”.` : 'No aliases yet.'}</p>
            ) : null
          }
        >
          {rows.map((a) => (
            <tr key={a.id}>
              <RowCheckbox id={a.id} name={a.name} show={bulk !== null} />
              <Cell>
                <Link href={`/aliases/${a.id}`} className="font-medium text-sky-700 hover:underline">
                  {a.name}
                </Link>
              </Cell>
              <Cell className="font-mono text-xs">{a.targets.map((t) => domainLabel(formatAliasTarget(t)).shown).join(', ')}</Cell>
              <Cell>{a.customer.name}</Cell>
              <Cell>{a.mailHost.name}</Cell>
              <Cell className="whitespace-nowrap">{a.createdAt.toISOString().slice(0, 10)}</Cell>
            </tr>
          ))}
        </DataTable>
      </BulkListForm>
      <Pager path={PATH} params={state} next={next} prev={prev} />
    </>
  );
}
