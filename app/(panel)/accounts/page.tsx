import Link from 'next/link';
import { Cell, DataTable } from '@/components/ui/data-table';
import { DomainText } from '@/components/ui/domain-text';
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
import { StatusBadge } from '@/components/ui/status-badge';
import { mayOpen } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { ACCOUNT_SORTS, listAccounts } from '@/lib/data/account-list';
import { sortHeader } from '@/lib/web/list-href';
import { listQuery, sortParam } from '@/lib/validation/list-query';

const PATH = '/accounts';

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('accounts');
  const params = await searchParams;
  const query = listQuery(ACCOUNT_SORTS).parse(params);
  const { rows, next, prev, total } = await listAccounts(actor, { ...query, customerId: query.customer });
  const state = { q: query.q, sort: sortParam(query.sort), status: query.status, customer: query.customer };
  const customers = await filterCustomers(actor);
  const bulk = mayOpen(actor, 'accountsBulk')
    ? [
        { op: 'enable', label: 'Enable selected' },
        { op: 'disable', label: 'Disable selected' },
        { op: 'delete', label: 'Delete selected' },
      ]
    : null;
  const sortBy = (key: (typeof ACCOUNT_SORTS)[number], label: string) => sortHeader(PATH, state, query.sort, key, label);
  return (
    <>
      <PageHeader
        title="Accounts"
        subtitle="User/POP accounts: mailboxes with a password."
        actions={
          <>
            {mayOpen(actor, 'mailCsv') ? <LinkButton href="/import">Import or export CSV</LinkButton> : null}
            {mayOpen(actor, 'accountNew') ? <LinkButton href="/accounts/new">New account</LinkButton> : null}
          </>
        }
      />
      <DeletedNotice params={params} what="Account" />
      <BulkDoneNotice text={bulkDoneNotice('account', params)} />
      <SearchForm q={query.q} label="Search accounts by name or address" sort={state.sort}>
        <ListFilters status={query.status} customers={customers} customer={query.customer} />
      </SearchForm>
      <div className="mb-2 flex justify-end">
        <DownloadCsv list="accounts" params={state} />
      </div>
      <ListTotal total={total} one="account" many="accounts" q={query.q} />
      <BulkListForm action="/accounts/bulk" ops={bulk}>
        <DataTable
          caption="Accounts"
          headers={[
            ...(bulk ? ['Select'] : []),
            sortBy('name', 'Account'),
            'Customer',
            'Mail host',
            sortBy('quota', 'Quota'),
            sortBy('status', 'Status'),
          ]}
          empty={
            rows.length === 0 ? (
              <p className="p-4 text-sm text-slate-700">{query.q ? `No account matches “${query.q}”.` : 'No accounts yet.'}</p>
            ) : null
          }
        >
          {rows.map((a) => (
            <tr key={a.id}>
              <RowCheckbox id={a.id} name={a.name} show={bulk !== null} />
              <Cell>
                <Link href={`/accounts/${a.id}`} className="font-medium text-sky-700 hover:underline">
                  {a.name}
                </Link>
                {a.loginAddress ? (
                  <div className="text-xs text-slate-700">
                    <DomainText value={a.loginAddress} ascii="title" />
                  </div>
                ) : null}
              </Cell>
              <Cell>{a.customer.name}</Cell>
              <Cell>{a.mailHost.name}</Cell>
              <Cell className="whitespace-nowrap">{a.quotaMb.toLocaleString('en')} MiB</Cell>
              <Cell>
                <StatusBadge active={a.enabled} on="Enabled" off="Disabled" />
              </Cell>
            </tr>
          ))}
        </DataTable>
      </BulkListForm>
      <Pager path={PATH} params={state} next={next} prev={prev} />
    </>
  );
}
