'use server';

import { setWebmailUrl } from '@/lib/data/mail-hosts';
import { WebmailUrlInput } from '@/lib/validation/mail-host';
import { runFormAction } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';

/** The webmail link mailbox owners see at /postoffice (nothing is published: the MTA never sees it). */
export async function setWebmailUrlAction(id: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return runFormAction(formData, {
    bound: [id],
    schema: WebmailUrlInput,
    run: (actor, input) => setWebmailUrl(actor, id, input),
    done: ({ name, webmailUrl }) => ({
      revalidate: [`/mail-hosts/${id}`],
      message: webmailUrl ? `Mailboxes on ${name} now link to ${webmailUrl}.` : `Mailboxes on ${name} show no webmail link.`,
    }),
  });
}
