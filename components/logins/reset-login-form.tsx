'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { idle, type FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

/**
 * "Reset password…", then a confirmation that says what follows, then the new password, shown once: the
 * resetter passes it on, and the person must choose their own at the next sign-in.
 */
export function ResetLoginForm({ email, action }: { email: string; action: Bound }) {
  const [state, formAction, pending] = useActionState(action, idle);
  const [asking, setAsking] = useState(false);
  const given = state.status === 'ok' ? state.values?.temporaryPassword : undefined;
  if (typeof given === 'string') {
    return (
      <div role="status" className="rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        <p>
          New password for {email}:{' '}
          <code className="rounded bg-white px-1 font-mono text-base" data-testid="temporary-password">
            {given}
          </code>
        </p>
        <p className="mt-1">
          Pass it on now: it is not shown again. Every session of {email} has ended, and the next sign-in must choose a new password.
        </p>
      </div>
    );
  }
  if (!asking) {
    return (
      <Button type="button" tone="secondary" onClick={() => setAsking(true)}>
        Reset password…
      </Button>
    );
  }
  return (
    <form action={formAction} className="flex flex-col gap-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <FormMessage state={state} />
      <p>
        Reset the password of {email}? You get a new password to pass on; {email} is signed out everywhere and must choose a new password at
        the next sign-in.
      </p>
      <div className="flex gap-2">
        <Button type="submit" tone="danger" disabled={pending} autoFocus>
          {pending ? 'Resetting…' : 'Reset password'}
        </Button>
        <Button type="button" tone="secondary" onClick={() => setAsking(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
