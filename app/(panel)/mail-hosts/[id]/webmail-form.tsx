'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle, type FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

/** The host's webmail URL, linked as "Open webmail" from each of its mailboxes' /postoffice page. */
export function WebmailForm({ webmailUrl, action }: { webmailUrl: string | null; action: Bound }) {
  const [state, formAction, pending] = useActionState(action, idle);
  const typed = state.values?.webmailUrl;
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-3" noValidate>
      {/* Its own test id: the page's Sync now answers in "form-message". */}
      <FormMessage state={state} testId="webmail-message" />
      <Field
        name="webmailUrl"
        label="Webmail URL"
        type="url"
        placeholder="https://webmail.example.com/"
        defaultValue={typeof typed === 'string' ? typed : (webmailUrl ?? '')}
        errors={state.fieldErrors?.webmailUrl}
        hint="Shown to mailbox owners at /postoffice as “Open webmail”. Empty: no link. mailpanel itself reads no mail."
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Working…' : 'Save webmail URL'}
        </Button>
      </div>
    </form>
  );
}
