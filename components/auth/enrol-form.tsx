'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle, type FormState } from '@/lib/web/form-state';

/**
 * Confirms an enrolment with the app's first code; then shows the recovery codes, once (they are kept
 * only as hashes): the answer's values carry them to this form and nowhere else.
 */
export function EnrolForm({ action: serverAction }: { action: (state: FormState, formData: FormData) => Promise<FormState> }) {
  const [state, action, pending] = useActionState(serverAction, idle);
  const codes = state.status === 'ok' ? state.values?.recoveryCodes : undefined;
  if (Array.isArray(codes)) {
    return (
      <div data-testid="recovery-codes-shown">
        <p role="status" className="mb-4 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Two-factor sign-in is on. Keep these recovery codes somewhere safe: each signs you in once if you lose your phone. They are shown
          only now.
        </p>
        <ol className="mb-6 grid grid-cols-2 gap-2 font-mono text-sm" data-testid="recovery-codes">
          {codes.map((c) => (
            <li key={c} className="rounded bg-slate-100 px-2 py-1">
              {c}
            </li>
          ))}
        </ol>
        <Link href="/" className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800">
          I have saved them: continue
        </Link>
      </div>
    );
  }
  return (
    <form action={action} className="flex flex-col gap-4" noValidate data-testid="enrol-form">
      <FormMessage state={state} />
      <Field
        name="code"
        label="Code from the app"
        hint="The six digits the app shows for this key now."
        autoComplete="one-time-code"
        inputMode="numeric"
        maxLength={12}
        errors={state.fieldErrors?.code}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Checking…' : 'Turn on two-factor sign-in'}
        </Button>
      </div>
    </form>
  );
}
