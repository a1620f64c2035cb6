import { AutoreplyForms } from '@/components/mailbox/autoreply-forms';
import { ForwardForms } from '@/components/mailbox/forward-forms';
import { MailboxStateList } from '@/components/mailbox/mailbox-state';
import { Section } from '@/components/mailbox/section';
import type { Actor } from '@/lib/auth/actor';
import { readMailboxUsage } from '@/lib/data/mailbox-usage';
import { getMailbox } from '@/lib/data/postoffice';
import { DEFAULT_AUTOREPLY_DAYS } from '@/lib/mail/autoreply';
import { usageOrReason } from '@/lib/web/usage-or-reason';
import { clearAutoreplyAction, clearForwardAction, setAutoreplyAction, setForwardAction } from './mailbox-actions';

/**
 * What the mailbox's owner sets at /postoffice, on the account's page: its usage, forward and autoreply,
 * with the same forms for those who may change the account (support reads only).
 */
export async function MailboxSettings({ actor, accountId, mayChange }: { actor: Actor; accountId: string; mayChange: boolean }) {
  const [mailbox, usage] = await Promise.all([getMailbox(actor, accountId), usageOrReason(readMailboxUsage(actor, accountId))]);
  return (
    <>
      <MailboxStateList usage={usage} mailbox={mailbox} className="max-w-xl grid-cols-[10rem_1fr]" />
      {mayChange ? (
        <>
          <Section id="forward" title="Forward">
            <ForwardForms
              forward={mailbox.forward}
              save={setForwardAction.bind(null, accountId)}
              stop={clearForwardAction.bind(null, accountId)}
            />
          </Section>
          <Section id="autoreply" title="Automatic reply">
            <AutoreplyForms
              autoreply={mailbox.autoreply}
              defaultDays={DEFAULT_AUTOREPLY_DAYS}
              save={setAutoreplyAction.bind(null, accountId)}
              stop={clearAutoreplyAction.bind(null, accountId)}
            />
          </Section>
        </>
      ) : null}
    </>
  );
}
