'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { idle, type FormState } from '@/lib/web/form-state';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

/** The CSV to import: "Check" is the dry run; "Import" creates what is new, all rows or none. */
export function CsvForm({ action }: { action: Bound }) {
  const [state, formAction, pending] = useActionState(action, idle);
  return (
    <form action={formAction} className="flex max-w-2xl flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <Field
        name="file_csv"
        label="CSV file"
        type="file"
        accept=".csv,text/csv"
        errors={state.fieldErrors?.file_csv}
        hint="Rows that name something new are created; rows equal to what the panel holds are left as they are; any other row is a problem, and then nothing is imported."
      />
      <div className="flex gap-2">
        <Button type="submit" name="intent" value="check" tone="secondary" disabled={pending}>
          Check
        </Button>
        <Button type="submit" name="intent" value="import" disabled={pending}>
          Import
        </Button>
      </div>
    </form>
  );
}
