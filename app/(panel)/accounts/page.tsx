import Link from 'next/link';
import { Cell, DataTable } from '@/components/ui/data-table';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { SearchForm } from '@/components/ui/search-form';
import { StatusBadge } from '@/components/ui/status-badge';
import { mayOpen } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { listAccounts } from '@/lib/data/accounts';
import { ListQuery } from '@/lib/validation/tenants';

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('accounts');
  const params = await searchParams;
  const query = ListQuery.parse(params);
  const { rows, next } = await listAccounts(actor, query);
  const deleted = typeof params.deleted === 'string' ? params.deleted : null;
  return (
    <>
      <PageHeader
        title="Accounts"
        subtitle="User/POP accounts: mailboxes with a password."
        actions={mayOpen(actor, 'accountNew') ? <LinkButton href="/accounts/new">New account</LinkButton> : null}
      />
      {deleted ? (
        <p role="status" className="mb-4 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Account {deleted} deleted.
        </p>
      ) : null}
      <SearchForm q={query.q} label="Search accounts" />
      <DataTable
        caption="Accounts"
        headers={['Account', 'Customer', 'Mail host', 'Quota', 'Status']}
        empty={
          rows.length === 0 ? (
            <p className="p-4 text-sm text-slate-600">{query.q ? `No account matches “${query.q}”.` : 'No accounts yet.'}</p>
          ) : null
        }
      >
        {rows.map((a) => (
          <tr key={a.id}>
            <Cell>
              <Link href={`/accounts/${a.id}`} className="font-medium text-sky-700 hover:underline">
                {a.name}
              </Link>
            </Cell>
            <Cell>{a.customer.name}</Cell>
            <Cell>{a.mailHost.name}</Cell>
            <Cell>{a.quotaMb.toLocaleString('en')} MiB</Cell>
            <Cell>
              <StatusBadge active={a.enabled} on="Enabled" off="Disabled" />
            </Cell>
          </tr>
        ))}
      </DataTable>
      <Pager path="/accounts" q={query.q} next={next} />
    </>
  );
}
