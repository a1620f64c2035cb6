import Link from 'next/link';
import { describeAuditEvent } from '@/lib/web/audit-words';

interface Event {
  id: bigint;
  at: Date;
  actorLabel: string;
  action: string;
  targetType: string;
  details: unknown;
}

/** The last few entries of the tenant's activity log, in words, with the way to the whole log. */
export function RecentActivity({ events }: { events: Event[] }) {
  return (
    <section aria-labelledby="activity-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="activity-heading" className="mb-3 text-lg font-semibold">
        Recent activity
      </h2>
      {events.length === 0 ? (
        <p className="text-sm text-slate-700">Nothing yet.</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm" data-testid="recent-activity">
          {events.map((e) => {
            const words = describeAuditEvent(e);
            return (
              <li key={String(e.id)}>
                <span className="text-slate-600">{e.at.toISOString().slice(0, 16).replace('T', ' ')} UTC</span> {e.actorLabel}{' '}
                {words.summary ?? `${words.did}${words.object ? ` ${words.object}` : ''}`}
              </li>
            );
          })}
        </ul>
      )}
      <p className="mt-3 text-sm">
        <Link href="/audit" className="text-sky-700 underline">
          All activity
        </Link>
      </p>
    </section>
  );
}
