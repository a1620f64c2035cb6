import type { Metadata } from 'next';
import { ActionButton } from '@/components/ui/action-button';
import { Cell, DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { mayChangeOn } from '@/lib/auth/policy';
import { listActAsSessions } from '@/lib/data/support-sessions';
import { openScreen } from '@/lib/web/open-screen';
import { endActAsAction } from './actions';

export const metadata: Metadata = { title: 'Act-as sessions' };

const at = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export default async function SupportSessionsPage() {
  const actor = await openScreen('supportSessions');
  const { running, past } = await listActAsSessions(actor);
  const mayEnd = mayChangeOn(actor, 'supportSessions');
  return (
    <>
      <PageHeader title="Act-as sessions" subtitle="Support acting as a reseller or customer: who, as whom, why, and until when." />
      <h2 className="mb-2 mt-2 text-lg font-semibold">Running now</h2>
      <DataTable
        caption="Running act-as sessions"
        headers={['Support', 'Acting as', 'Reason', 'Started', 'Expires', ...(mayEnd ? [''] : [])]}
        empty={running.length === 0 ? <p className="p-4 text-sm text-slate-700">Nobody is acting as anyone now.</p> : null}
      >
        {running.map((s) => (
          <tr key={s.id}>
            <Cell>{s.supportUser.email}</Cell>
            <Cell>
              {s.targetLabel} ({s.targetKind})
            </Cell>
            <Cell>{s.reason}</Cell>
            <Cell className="whitespace-nowrap">{at(s.startedAt)}</Cell>
            <Cell className="whitespace-nowrap">{at(s.expiresAt)}</Cell>
            {mayEnd ? (
              <Cell>
                <ActionButton
                  label={`End ${s.supportUser.email} as ${s.targetLabel}`}
                  action={endActAsAction.bind(null, s.id)}
                  tone="danger"
                />
              </Cell>
            ) : null}
          </tr>
        ))}
      </DataTable>
      <h2 className="mb-2 mt-8 text-lg font-semibold">Ended</h2>
      <DataTable
        caption="Ended act-as sessions"
        headers={['Support', 'Acting as', 'Reason', 'Started', 'Ended']}
        empty={past.length === 0 ? <p className="p-4 text-sm text-slate-700">None yet.</p> : null}
      >
        {past.map((s) => (
          <tr key={s.id}>
            <Cell>{s.supportUser.email}</Cell>
            <Cell>
              {s.targetLabel} ({s.targetKind})
            </Cell>
            <Cell>{s.reason}</Cell>
            <Cell className="whitespace-nowrap">{at(s.startedAt)}</Cell>
            <Cell className="whitespace-nowrap">
              {s.endedAt ? `${at(s.endedAt)} by ${s.endedByLabel ?? 'its user'}` : `expired ${at(s.expiresAt)}`}
            </Cell>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
