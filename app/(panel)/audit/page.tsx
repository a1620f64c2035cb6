import Link from 'next/link';
import { Cell, DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { openScreen } from '@/lib/web/open-screen';
import { listAuditEvents } from '@/lib/data/audit-log';

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const actor = await openScreen('audit');
  const { before } = await searchParams;
  const cursor = before && /^[0-9]{1,18}$/.test(before) ? BigInt(before) : undefined;
  const { rows, next } = await listAuditEvents(actor, cursor);
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every change, who made it and when." />
      <DataTable
        caption="Audit events"
        headers={['When (UTC)', 'Who', 'What', 'Details']}
        empty={rows.length === 0 ? <p className="p-4 text-sm text-slate-600">Nothing has happened yet.</p> : null}
      >
        {rows.map((e) => (
          <tr key={e.id.toString()}>
            <Cell className="whitespace-nowrap">{e.at.toISOString().slice(0, 19).replace('T', ' ')}</Cell>
            <Cell>{e.actorLabel}</Cell>
            <Cell className="font-mono text-xs">{e.action}</Cell>
            <Cell className="font-mono text-xs text-slate-600">{JSON.stringify(e.details)}</Cell>
          </tr>
        ))}
      </DataTable>
      {next ? (
        <Link className="mt-4 inline-block text-sm text-sky-700 underline" href={`/audit?before=${next.toString()}`}>
          Older events →
        </Link>
      ) : null}
    </>
  );
}
