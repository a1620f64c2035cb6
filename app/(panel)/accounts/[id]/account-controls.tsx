'use client';

import { useState } from 'react';
import { ConfirmChanges } from '@/components/mail/confirm-changes';
import { SubmitRow } from '@/components/mail/submit-row';
import { useReviewAction } from '@/components/mail/use-review-action';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import type { FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

export function AccountEditForm({
  account,
  action,
}: {
  account: { quotaMb: number; enabled: boolean; loginAddress: string | null; updatedAt: Date };
  action: Bound;
}) {
  const { state, pending, formProps } = useReviewAction(action);
  const [password, setPassword] = useState('');
  // Once saved, the new password field empties, so the next save does not set it again (adjusted during
  // render when a new result arrives, as React recommends, rather than in an effect).
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    if (state.status === 'ok') setPassword('');
  }
  const v = (k: string) => (typeof state.values?.[k] === 'string' ? (state.values[k] as string) : undefined);
  const enabled = state.values ? state.values.enabled === 'on' : account.enabled;
  return (
    <form {...formProps} className="flex max-w-md flex-col gap-4" noValidate>
      <FormMessage state={state} />
      {/* The version this form was drawn from: a save after someone else's is refused, not applied over it. */}
      <input type="hidden" name="version" value={account.updatedAt.toISOString()} />
      <Field
        name="quotaMb"
        label="Quota (MiB)"
        type="number"
        min={0}
        defaultValue={v('quotaMb') ?? String(account.quotaMb)}
        errors={state.fieldErrors?.quotaMb}
      />
      <label className="inline-flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={enabled} /> Enabled (a disabled account keeps receiving mail, but nobody can
        log in to read it)
      </label>
      <Field
        name="loginAddress"
        label="POP/IMAP login"
        type="email"
        autoComplete="off"
        defaultValue={v('loginAddress') ?? account.loginAddress ?? ''}
        errors={state.fieldErrors?.loginAddress}
        hint="An address of this account's: mail programs log in with it."
      />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        errors={state.fieldErrors?.password}
        hint="Leave empty to keep the current password."
      />
      <ConfirmChanges state={state} />
      <SubmitRow state={state} pending={pending} label="Save account" />
    </form>
  );
}

/** Its addresses go with it (lib/data/account-leftovers.ts): the button says so once the review is shown. */
export function DeleteAccountForm({ name, addresses, action }: { name: string; addresses: number; action: Bound }) {
  const { state, pending, formProps } = useReviewAction(action);
  const its = addresses === 0 ? '' : addresses === 1 ? ' and its address' : ` and its ${addresses} addresses`;
  return (
    <form {...formProps} className="flex flex-col gap-3">
      <FormMessage state={state} />
      <ConfirmChanges state={state} />
      <SubmitRow state={state} pending={pending} label={`Delete ${name}…`} confirmLabel={`Delete ${name}${its}`} tone="secondary" />
    </form>
  );
}
