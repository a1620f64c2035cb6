'use client';

import { ReviewForm } from '@/components/mail/review-form';
import { TextareaField } from '@/components/ui/textarea-field';
import type { FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

export function AliasTargetsForm({ targets, version, action }: { targets: string; version: string; action: Bound }) {
  return (
    <ReviewForm action={action} label="Save targets">
      {(state) => (
        <>
          {/* The version this form was drawn from: a save after someone else's is refused, not applied over it. */}
          <input type="hidden" name="version" value={version} />
          <TextareaField
            name="targets"
            label="Targets"
            defaultValue={typeof state.values?.targets === 'string' ? state.values.targets : targets}
            errors={state.fieldErrors?.targets}
            hint="One per line: a name, an account with a +detail (joe+lists), \name for the account itself, an address, or /dev/null to throw this copy away."
          />
        </>
      )}
    </ReviewForm>
  );
}

export function DeleteAliasForm({ name, action }: { name: string; action: Bound }) {
  return <ReviewForm action={action} label={`Delete ${name}…`} confirmLabel={`Delete ${name}`} tone="secondary" />;
}
