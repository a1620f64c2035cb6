import Link from 'next/link';
import type { ReactNode } from 'react';
import { DomainText } from '@/components/ui/domain-text';
import { PageHeader } from '@/components/ui/page-header';
import { SearchForm } from '@/components/ui/search-form';
import { screenAccess, type Screen } from '@/lib/auth/screens';
import { SUBSTRING_FROM } from '@/lib/data/list-search';
import { searchPanel, type SearchGroup } from '@/lib/data/search';
import { hrefWith } from '@/lib/web/list-href';
import { openScreen } from '@/lib/web/open-screen';
import { SearchQuery } from '@/lib/validation/search-query';

/** One kind of result: its heading with the count, its first rows, and "more" on its own list when it has one. */
function Group<R extends { id: string }>({
  title,
  group,
  more,
  row,
}: {
  title: string;
  group: SearchGroup<R>;
  more: string | null;
  row: (r: R) => ReactNode;
}) {
  const id = `results-${title.toLowerCase()}`;
  const count = `${group.count}${group.capped ? '+' : ''}`;
  return (
    <section aria-labelledby={id} className="mb-6" data-testid={id}>
      <h2 id={id} className="mb-2 text-lg font-semibold text-slate-900">
        {title} <span className="text-sm font-normal text-slate-600">({count})</span>
      </h2>
      {group.rows.length === 0 ? (
        <p className="text-sm text-slate-600">None.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm">
          {group.rows.map((r) => (
            <li key={r.id} className="px-3 py-2">
              {row(r)}
            </li>
          ))}
        </ul>
      )}
      {more && group.count > group.rows.length ? (
        <p className="mt-2 text-sm">
          <Link href={more} className="text-sky-700 underline">
            All {count} {title.toLowerCase()}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

const link = 'font-medium text-sky-700 hover:underline';
const owner = (name: string) => <span className="ml-2 text-slate-600">{name}</span>;

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('search');
  const { q } = SearchQuery.parse(await searchParams);
  // "more" goes to the kind's own list with the same search, where the actor may open that list.
  const more = (screen: Screen, path: string) => (q && screenAccess(actor.kind, screen) ? hrefWith(path, { q }) : null);
  const found = q ? await searchPanel(actor, q) : null;
  return (
    <>
      <PageHeader title="Search" subtitle="Customers, domains, accounts, aliases and addresses whose name holds what you type." />
      <SearchForm q={q} label="Search everything" />
      {!found ? (
        <p className="text-sm text-slate-700">
          Type a name, part of one or a whole address (joe@example.org). One or two characters find names that start with them.
        </p>
      ) : (
        <>
          <p role="status" className="mb-4 text-sm text-slate-700">
            Results for “{q}”.
            {q && [...q].length < SUBSTRING_FROM
              ? ` Names that start with “${q}”: type ${SUBSTRING_FROM} characters or more to find them anywhere in a name.`
              : ''}
          </p>
          <Group
            title="Customers"
            group={found.customers}
            more={more('customers', '/customers')}
            row={(c) => (
              <Link href={`/customers/${c.id}`} className={link}>
                {c.name}
              </Link>
            )}
          />
          <Group
            title="Domains"
            group={found.domains}
            more={more('domains', '/domains')}
            row={(d) => (
              <>
                <Link href={`/domains/${d.id}`} className={link}>
                  <DomainText value={d.name} ascii="title" />
                </Link>
                {owner(d.customer.name)}
              </>
            )}
          />
          <Group
            title="Accounts"
            group={found.accounts}
            more={more('accounts', '/accounts')}
            row={(a) => (
              <>
                <Link href={`/accounts/${a.id}`} className={link}>
                  {a.name}
                </Link>
                {a.loginAddress ? <span className="ml-2 text-slate-700">{a.loginAddress}</span> : null}
                {owner(a.customer.name)}
              </>
            )}
          />
          <Group
            title="Aliases"
            group={found.aliases}
            more={more('aliases', '/aliases')}
            row={(a) => (
              <>
                <Link href={`/aliases/${a.id}`} className={link}>
                  {a.name}
                </Link>
                {owner(a.customer.name)}
              </>
            )}
          />
          <Group
            title="Addresses"
            group={found.addresses}
            more={null}
            row={(v) => (
              <>
                <Link href={`/domains/${v.domain.id}#addresses`} className={link}>
                  {v.localPart}@<DomainText value={v.domain.name} ascii="title" />
                </Link>
                <span className="ml-2 text-slate-600">{v.rejected ? 'rejected' : `→ ${v.target}`}</span>
              </>
            )}
          />
        </>
      )}
    </>
  );
}
