import Link from 'next/link';
import { Cell, DataTable } from '@/components/ui/data-table';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { SearchForm } from '@/components/ui/search-form';
import { mayOpen } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { listAliases } from '@/lib/data/aliases';
import { formatAliasTarget } from '@/lib/mail/targets';
import { ListQuery } from '@/lib/validation/tenants';

export default async function AliasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('aliases');
  const params = await searchParams;
  const query = ListQuery.parse(params);
  const { rows, next } = await listAliases(actor, query);
  const deleted = typeof params.deleted === 'string' ? params.deleted : null;
  return (
    <>
      <PageHeader
        title="Aliases"
        subtitle="A name on the mail host that forwards to accounts, other aliases or addresses."
        actions={mayOpen(actor, 'aliasNew') ? <LinkButton href="/aliases/new">New alias</LinkButton> : null}
      />
      {deleted ? (
        <p role="status" className="mb-4 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Alias {deleted} deleted.
        </p>
      ) : null}
      <SearchForm q={query.q} label="Search aliases" />
      <DataTable
        caption="Aliases"
        headers={['Alias', 'Targets', 'Customer', 'Mail host']}
        empty={
          rows.length === 0 ? (
            <p className="p-4 text-sm text-slate-600">{query.q ? `No alias matches “${query.q}”.` : 'No aliases yet.'}</p>
          ) : null
        }
      >
        {rows.map((a) => (
          <tr key={a.id}>
            <Cell>
              <Link href={`/aliases/${a.id}`} className="font-medium text-sky-700 hover:underline">
                {a.name}
              </Link>
            </Cell>
            <Cell className="font-mono text-xs">{a.targets.map(formatAliasTarget).join(', ')}</Cell>
            <Cell>{a.customer.name}</Cell>
            <Cell>{a.mailHost.name}</Cell>
          </tr>
        ))}
      </DataTable>
      <Pager path="/aliases" q={query.q} next={next} />
    </>
  );
}
