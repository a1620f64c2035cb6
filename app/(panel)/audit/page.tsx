import { DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { mayOpen } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { listAuditActions, listAuditEvents } from '@/lib/data/audit-log';
import { AuditQuery } from '@/lib/validation/audit-query';
import { AuditEventRow } from './audit-event-row';
import { AuditFilterForm } from './audit-filter-form';

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('audit');
  const query = AuditQuery.parse(await searchParams);
  const [{ rows, next, prev }, actions] = await Promise.all([listAuditEvents(actor, query), listAuditActions(actor)]);
  const { older: _older, newer: _newer, ...filters } = query;
  const filtered = Object.values(filters).some(Boolean);
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every change, who made it and when." />
      <AuditFilterForm query={query} actions={actions} />
      <DataTable
        caption="Audit events"
        headers={['When (UTC)', 'What happened', 'Details']}
        empty={
          rows.length === 0 ? (
            <p className="p-4 text-sm text-slate-700">{filtered ? 'No event matches these filters.' : 'Nothing has happened yet.'}</p>
          ) : null
        }
      >
        {rows.map((e) => (
          <AuditEventRow key={e.id.toString()} event={e} mayLink={(screen) => mayOpen(actor, screen)} />
        ))}
      </DataTable>
      <Pager
        path="/audit"
        params={filters}
        next={next?.toString() ?? null}
        prev={prev?.toString() ?? null}
        names={{ next: 'older', prev: 'newer' }}
        labels={{ next: 'Older events →', prev: '← Newer events' }}
      />
    </>
  );
}
