import Link from 'next/link';
import { Cell, DataTable } from '@/components/ui/data-table';
import { AsciiForm, DomainText } from '@/components/ui/domain-text';
import { LinkButton } from '@/components/ui/link-button';
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
import { DOMAIN_SORTS, listDomains } from '@/lib/data/domain-list';
import { domainLabel } from '@/lib/web/domain-label';
import { sortHeader } from '@/lib/web/list-href';
import { listQuery, sortParam } from '@/lib/validation/list-query';

const PATH = '/domains';
import { mayAddDomains } from '@/lib/data/domain-choices';

export default async function DomainsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('domains');
  const params = await searchParams;
  const query = listQuery(DOMAIN_SORTS).parse(params);
  const deleted = typeof params.deleted === 'string' ? params.deleted : null;
  const { rows, next, prev, total } = await listDomains(actor, { ...query, customerId: query.customer });
  const state = { q: query.q, sort: sortParam(query.sort), status: query.status, customer: query.customer };
  const customers = await filterCustomers(actor);
  const bulk = mayOpen(actor, 'domainsBulk')
    ? [
        { op: 'enable', label: 'Enable selected' },
        { op: 'disable', label: 'Disable selected' },
      ]
    : null;
  const sortBy = (key: (typeof DOMAIN_SORTS)[number], label: string) => sortHeader(PATH, state, query.sort, key, label);
  return (
    <>
      <PageHeader title="Domains" actions={(await mayAddDomains(actor)) ? <LinkButton href="/domains/new">Add domain</LinkButton> : null} />
      {deleted ? (
        <p role="status" className="mb-4 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Domain {domainLabel(deleted).shown} deleted. The mail host drops it at the next sync.
        </p>
      ) : null}
      <BulkDoneNotice text={bulkDoneNotice('domain', params)} />
      <SearchForm q={query.q} label="Search domains" sort={state.sort}>
        <ListFilters status={query.status} customers={customers} customer={query.customer} />
      </SearchForm>
      <div className="mb-2 flex justify-end">
        <DownloadCsv list="domains" params={state} />
      </div>
      <ListTotal total={total} one="domain" many="domains" q={query.q} />
      <BulkListForm action="/domains/bulk" ops={bulk}>
        <DataTable
          caption="Domains"
          headers={[
            ...(bulk ? ['Select'] : []),
            sortBy('name', 'Domain'),
            'Customer',
            'Mail host',
            'Virtmaps',
            sortBy('status', 'Status'),
            sortBy('added', 'Added'),
          ]}
          empty={
            rows.length === 0 ? (
              <p className="p-4 text-sm text-slate-700">{query.q ? `No domain matches “${query.q}”.` : 'No domains yet.'}</p>
            ) : null
          }
        >
          {rows.map((d) => (
            <tr key={d.id}>
              <RowCheckbox id={d.id} name={domainLabel(d.name).shown} show={bulk !== null} />
              <Cell>
                <Link href={`/domains/${d.id}`} className="font-medium text-sky-700 hover:underline">
                  <DomainText value={d.name} ascii="title" />
                </Link>
                <AsciiForm value={d.name} />
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
              <Cell className="whitespace-nowrap">{d.createdAt.toISOString().slice(0, 10)}</Cell>
            </tr>
          ))}
        </DataTable>
      </BulkListForm>
      <Pager path={PATH} params={state} next={next} prev={prev} />
    </>
  );
}
