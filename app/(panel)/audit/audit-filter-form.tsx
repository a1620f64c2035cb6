import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { actionWords, AUDIT_KINDS } from '@/lib/web/audit-words';
import type { AuditQuery } from '@/lib/validation/audit-query';

/** The log's filters as a GET form: the filter lives in the address, so a filtered view can be linked. */
export function AuditFilterForm({ query, actions }: { query: AuditQuery; actions: string[] }) {
  return (
    <form
      method="get"
      role="search"
      aria-label="Filter the audit log"
      className="mb-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end"
    >
      <SelectField name="kind" label="Kind" placeholder="Any kind" options={AUDIT_KINDS} defaultValue={query.kind ?? ''} />
      <SelectField
        name="action"
        label="Action"
        placeholder="Any action"
        options={actions.map((a) => ({ value: a, label: actionWords(a) }))}
        defaultValue={query.action ?? ''}
      />
      <Field name="actor" label="Who" defaultValue={query.actor ?? ''} placeholder="login, e.g. joe@" />
      <Field name="q" label="Object" defaultValue={query.q ?? ''} placeholder="name or address" />
      <Field name="from" label="From (UTC)" type="date" defaultValue={query.from ?? ''} />
      <Field name="to" label="To (UTC)" type="date" defaultValue={query.to ?? ''} />
      <div className="flex gap-3 sm:col-span-3 lg:col-span-6">
        <Button type="submit">Filter</Button>
        <Link href="/audit" className="self-center text-sm text-sky-700 underline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
