import type { Metadata } from 'next';
import { AutoreplyForms } from '@/components/mailbox/autoreply-forms';
import { ForwardForms } from '@/components/mailbox/forward-forms';
import { MailboxStateList } from '@/components/mailbox/mailbox-state';
import { Section } from '@/components/mailbox/section';
import { getMailbox } from '@/lib/data/postoffice';
import { readMailboxUsage } from '@/lib/data/mailbox-usage';
import { DEFAULT_AUTOREPLY_DAYS } from '@/lib/mail/autoreply';
import { requireMailboxActor } from '@/lib/session/mailbox-session';
import { changePasswordAction, mailboxSignOutAction } from './actions';
import { clearOwnAutoreplyAction, clearOwnForwardAction, setOwnAutoreplyAction, setOwnForwardAction } from './mail-actions';
import { PasswordChangeForm } from '@/components/ui/password-change-form';
import { usageOrReason } from '@/lib/web/usage-or-reason';

export const metadata: Metadata = { title: 'Your mailbox' };

// The mailbox's owner: only the session's own account, by the id in the session (never the URL's).
export default async function PostofficeHome({ searchParams }: { searchParams: Promise<{ changed?: string }> }) {
  const actor = await requireMailboxActor();
  const { changed } = await searchParams;
  const mailbox = await getMailbox(actor, actor.accountId);
  const usage = await usageOrReason(readMailboxUsage(actor, actor.accountId));
  return (
    <>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold" data-testid="mailbox-login">
            {mailbox.login ?? actor.label}
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            Mailbox {mailbox.name} of {mailbox.customerName}
          </p>
        </div>
        <div className="flex items-center gap-3">
          {mailbox.webmailUrl ? (
            <a
              href={mailbox.webmailUrl}
              target="_blank"
              rel="noopener noreferrer"
              className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800"
            >
              Open webmail
            </a>
          ) : null}
          {actor.actingAs ? null : (
            // Support acting as the mailbox leaves by "Stop acting" in the banner: signing out is the owner's.
            <form action={mailboxSignOutAction}>
              <button className="rounded border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">Sign out</button>
            </form>
          )}
        </div>
      </div>
      {changed === 'password' ? (
        <p
          role="status"
          data-testid="password-changed"
          className="mb-6 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
        >
          Password changed. Use it in your mail programs too; every other session of this mailbox ended.
        </p>
      ) : null}
      <MailboxStateList usage={usage} mailbox={mailbox} className="grid-cols-[9rem_1fr]">
        <dt className="text-slate-600">Addresses</dt>
        <dd data-testid="mailbox-addresses">{mailbox.addresses.length ? mailbox.addresses.join(', ') : 'none'}</dd>
      </MailboxStateList>
      {actor.actingAs ? null : (
        <Section id="password" title="Change password">
          <PasswordChangeForm action={changePasswordAction} testId="password-form" />
        </Section>
      )}
      <Section id="forward" title="Forward">
        <ForwardForms forward={mailbox.forward} save={setOwnForwardAction} stop={clearOwnForwardAction} />
      </Section>
      <Section id="autoreply" title="Automatic reply">
        <AutoreplyForms
          autoreply={mailbox.autoreply}
          defaultDays={DEFAULT_AUTOREPLY_DAYS}
          save={setOwnAutoreplyAction}
          stop={clearOwnAutoreplyAction}
        />
      </Section>
    </>
  );
}
