import { FieldChanges } from '@/components/ui/field-changes';
import Link from 'next/link';
import { ReviewForm } from '@/components/mail/review-form';
import { mayOpen } from '@/lib/auth/policy';
import { SCREENS } from '@/lib/auth/screens';
import { PageHeader } from '@/components/ui/page-header';
import { getUndo } from '@/lib/data/undo-change';
import { describeAuditEvent } from '@/lib/web/audit-words';
import { openScreen } from '@/lib/web/open-screen';
import { orNotFound } from '@/lib/web/or-not-found';
import { undoChangeAction } from './actions';

/** "Undo this change": what the change did, what undoing it changes, and the same review as any edit. */
export default async function UndoPage({ params }: { params: Promise<{ eventId: string }> }) {
  const actor = await openScreen('audit');
  const { eventId } = await params;
  const { event, decision, mayUndo, shownOn } = await orNotFound(getUndo(actor, eventId));
  const back = shownOn && mayOpen(actor, shownOn.screen) ? SCREENS[shownOn.screen].path.replace('[id]', shownOn.id) : null;
  const words = describeAuditEvent(event);
  const name = words.object ? ` ${words.object}` : '';
  const kind = describeAuditEvent({ action: `${event.targetType}.update`, targetType: event.targetType, details: {} }).did.replace(
    /^changed /,
    '',
  );
  const undo = decision.ok
    ? describeAuditEvent({
        action: `${event.targetType}.update`,
        targetType: event.targetType,
        details: { before: decision.from, after: decision.to },
      })
    : null;
  return (
    <>
      <PageHeader title="Undo a change" subtitle={`${kind}${name}`} />
      <section className="mb-6 rounded border border-slate-200 bg-white p-4 text-sm" aria-labelledby="the-change">
        <h2 id="the-change" className="mb-1 font-semibold">
          The change
        </h2>
        <p>
          {event.at.toISOString().slice(0, 16).replace('T', ' ')} UTC: <span className="font-medium">{event.actorLabel}</span> {words.did}
          {name}
          {event.onBehalfOf ? ` (support ${event.onBehalfOf} acting)` : ''}
        </p>
        <FieldChanges className="mt-1" fields={words.fields} />
      </section>
      {decision.ok && undo ? (
        <section
          className="mb-6 rounded border border-slate-200 bg-white p-4 text-sm"
          aria-labelledby="what-undo-does"
          data-testid="undo-plan"
        >
          <h2 id="what-undo-does" className="mb-1 font-semibold">
            What undoing it changes
          </h2>
          {decision.step.kind === 'delete' ? (
            <p>
              It deletes {kind}
              {name} again.
            </p>
          ) : decision.step.kind === 'recreate' ? (
            <p>
              It creates {kind}
              {name} again:
            </p>
          ) : (
            <p>Now → after the undo:</p>
          )}
          {decision.step.kind === 'delete' ? null : <FieldChanges className="mt-1" fields={undo.fields} />}
        </section>
      ) : (
        <p className="mb-6 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="undo-refused">
          This change cannot be undone: {decision.ok ? '' : decision.reason}
        </p>
      )}
      {decision.ok && mayUndo ? (
        <ReviewForm action={undoChangeAction.bind(null, eventId)} label="Undo this change" confirmLabel="Confirm undo" />
      ) : decision.ok ? (
        <p className="text-sm text-slate-700">You may look at this change but not undo it.</p>
      ) : null}
      <p className="mt-6 flex gap-4 text-sm">
        {back ? (
          <Link className="text-sky-700 underline" href={back}>
            Back to its page
          </Link>
        ) : null}
        <Link className="text-sky-700 underline" href="/audit">
          Audit log
        </Link>
      </p>
    </>
  );
}
