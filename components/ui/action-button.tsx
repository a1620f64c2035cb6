'use client';

import { useActionState, type ReactNode } from 'react';
import type { FormState } from '@/lib/web/form-state';
import { idle } from '@/lib/web/form-state';
import { Button } from './button';
import { FormMessage } from './form-message';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

/** A one-button form (suspend, enable…) that shows the action's answer next to it. */
export function ActionButton({
  label,
  action,
  tone = 'secondary',
  children,
}: {
  label: string;
  action: Bound;
  tone?: 'primary' | 'secondary' | 'danger';
  /** Fields sent with the button (e.g. a choice the confirmation offers). */
  children?: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, idle);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <FormMessage state={state} />
      {children}
      <div>
        <Button type="submit" tone={tone} disabled={pending}>
          {label}
        </Button>
      </div>
    </form>
  );
}
