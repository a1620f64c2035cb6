import type { Metadata } from 'next';
import { When } from '@/components/sync/when';
import { ActionButton } from '@/components/ui/action-button';
import { Cell, DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { listOwnSessions } from '@/lib/data/user-sessions';
import { twoFactorStatus } from '@/lib/data/two-factor';
import { CodeForm } from '@/components/auth/code-form';
import { LinkButton } from '@/components/ui/link-button';
import { thisSessionId } from '@/lib/session/session';
import { browserName } from '@/lib/web/browser-name';
import { openScreen } from '@/lib/web/open-screen';
import { signOutAction } from '../actions';
import { changeOwnPasswordAction } from './actions';
import { endOtherSessionsAction, endSessionAction } from './session-actions';
import { turnOffTwoFactorAction } from './two-factor-actions';
import { endedSessions } from './ended-sessions';
import { PasswordChangeForm } from '@/components/ui/password-change-form';

export const metadata: Metadata = { title: 'My account' };

export default async function ProfilePage({
  searchParams,
}: {
  searchParams: Promise<{ chosen?: string; ended?: string; twofactor?: string }>;
}) {
  const actor = await openScreen('profile');
  const [sessions, current, { chosen, ended, twofactor }] = await Promise.all([listOwnSessions(actor), thisSessionId(), searchParams]);
  // Support acting as a tenant has no second factor of the tenant's to show.
  const acting = 'actingAs' in actor && actor.actingAs;
  const twoFactor = acting ? null : await twoFactorStatus(actor);
  const others = sessions.filter((s) => s.id !== current).length;
  const done = chosen ? 'Your new password is set.' : twofactor === 'off' ? 'Two-factor sign-in is off.' : ended ? endedCount(ended) : null;
  return (
    <>
      <PageHeader title="My account" subtitle={actor.label} />
      {done ? (
        <p role="status" className="mb-6 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {done}
        </p>
      ) : null}
      <section className="mb-10" aria-labelledby="password-heading">
        <h2 id="password-heading" className="mb-2 text-lg font-semibold">
          Password
        </h2>
        <p className="mb-4 text-sm text-slate-600">Changing it signs out every other browser; this one stays signed in.</p>
        <PasswordChangeForm
          action={changeOwnPasswordAction}
          testId="own-password-form"
          hint="At least 12 characters; four or five unrelated words work well."
        />
      </section>
      {twoFactor ? (
        <section className="mb-10" aria-labelledby="two-factor-heading" data-testid="two-factor">
          <h2 id="two-factor-heading" className="mb-2 text-lg font-semibold">
            Two-factor sign-in
          </h2>
          {twoFactor.enabledAt ? (
            <>
              <p className="mb-4 text-sm text-slate-600">
                On: signing in asks for a code from your authenticator app. {twoFactor.recoveryLeft} of 10 recovery codes left.
                {twoFactor.required ? ' This login must use it.' : ''}
              </p>
              {twoFactor.required ? null : (
                <div className="max-w-md">
                  <CodeForm
                    action={turnOffTwoFactorAction}
                    label="Code from the app"
                    submitLabel="Turn two-factor sign-in off"
                    testId="two-factor-off-form"
                  />
                </div>
              )}
            </>
          ) : (
            <>
              <p className="mb-4 text-sm text-slate-600">Off: your password alone signs you in.</p>
              <LinkButton href="/two-factor">Set up two-factor sign-in</LinkButton>
            </>
          )}
        </section>
      ) : null}
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="mb-2 text-lg font-semibold">
          Sessions
        </h2>
        <p className="mb-4 text-sm text-slate-600">
          Every browser signed in with your login. A session lasts 8 hours; an ended one is sent to the sign-in page at its next click.
        </p>
        <DataTable caption="Your sessions" headers={['Browser', 'IP address', 'Signed in', 'Last seen', '']}>
          {sessions.map((s) => (
            <tr key={s.id} data-testid={s.id === current ? 'this-session' : 'other-session'}>
              <Cell>
                {browserName(s.userAgent)}
                {s.id === current ? <span className="ml-2 rounded bg-sky-100 px-2 py-0.5 text-xs text-sky-900">this browser</span> : null}
              </Cell>
              <Cell>{s.ip ?? '—'}</Cell>
              <Cell>
                <When at={s.createdAt} />
              </Cell>
              <Cell>
                <When at={s.lastSeenAt} />
              </Cell>
              <Cell>
                {s.id === current ? (
                  <form action={signOutAction}>
                    <button className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50">Sign out</button>
                  </form>
                ) : (
                  <ActionButton label="End" action={endSessionAction.bind(null, s.id)} />
                )}
              </Cell>
            </tr>
          ))}
        </DataTable>
        {others > 0 ? (
          <div className="mt-4">
            <ActionButton label="End all other sessions" tone="danger" action={endOtherSessionsAction} />
          </div>
        ) : null}
      </section>
    </>
  );
}

/** "?ended=one" or "?ended=N" after ending sessions, as words; anything else typed into the address says nothing. */
function endedCount(typed: string): string | null {
  if (typed === 'one') return 'The session is ended.';
  const count = Number(typed);
  return Number.isInteger(count) && count >= 0 && count <= 1000 ? endedSessions(count) : null;
}
