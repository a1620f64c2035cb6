import { FieldChanges } from '@/components/ui/field-changes';
import Link from 'next/link';
import { Cell } from '@/components/ui/data-table';
import type { ShownOn } from '@/lib/data/audit-links';
import { describeAuditEvent, type AuditEventInput } from '@/lib/web/audit-words';
import { SCREENS } from '@/lib/auth/screens';

interface AuditRow extends AuditEventInput {
  id: bigint;
  at: Date;
  actorLabel: string;
  onBehalfOf: string | null;
  shownOn: ShownOn | null;
}

/** One event in words, its object linked when its page still shows it to this viewer. */
export function AuditEventRow({ event, mayLink }: { event: AuditRow; mayLink: (screen: ShownOn['screen']) => boolean }) {
  const words = describeAuditEvent(event);
  const href = event.shownOn && mayLink(event.shownOn.screen) ? SCREENS[event.shownOn.screen].path.replace('[id]', event.shownOn.id) : null;
  const object = words.object ? (
    href ? (
      <Link href={href} className="font-medium text-sky-700 underline">
        {words.object}
      </Link>
    ) : (
      <span className="font-medium">{words.object}</span>
    )
  ) : null;
  return (
    <tr data-testid="audit-event">
      <Cell className="whitespace-nowrap">
        <time dateTime={event.at.toISOString()}>{event.at.toISOString().slice(0, 19).replace('T', ' ')}</time>
      </Cell>
      <Cell>
        {words.summary ? (
          <>
            {words.summary}
            {href ? (
              <>
                {' '}
                (
                <Link href={href} className="text-sky-700 underline">
                  open
                </Link>
                )
              </>
            ) : null}
          </>
        ) : (
          <>
            <span className="font-medium">{event.actorLabel}</span> {words.did} {object}
          </>
        )}
        {undoesDeletion(event) ? (
          <>
            {' '}
            <Link href={`/audit/${event.id}/undo`} className="text-sky-700 underline">
              Undo this deletion…
            </Link>
          </>
        ) : null}
      </Cell>
      <Cell>
        <FieldChanges fields={words.fields} className="text-xs text-slate-800" />
      </Cell>
    </tr>
  );
}

/**
 * A deleted alias or address has no page (and so no history) any more: its deletion is undone from here,
 * on the undo page, which says whether that is still possible (lib/mail/undo.ts).
 */
function undoesDeletion(event: AuditRow): boolean {
  const recorded = typeof event.details === 'object' && event.details !== null && 'before' in event.details;
  return recorded && (event.action === 'alias.delete' || event.action === 'virtmap.delete');
}
