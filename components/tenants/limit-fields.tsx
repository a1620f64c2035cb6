import { Fragment } from 'react';
import { Field } from '@/components/ui/field';

export type Limits = { maxDomains: number; maxAccounts: number; maxAliases: number; maxVirtmaps: number; maxQuotaMb: number };

const FIELDS: { name: keyof Limits; label: string }[] = [
  { name: 'maxDomains', label: 'Domains' },
  { name: 'maxAccounts', label: 'Accounts' },
  { name: 'maxAliases', label: 'Aliases' },
  { name: 'maxVirtmaps', label: 'Virtmaps' },
  { name: 'maxQuotaMb', label: 'Total quota (MiB)' },
];

/** The five limits a reseller or customer has, as number fields (shared by both forms). */
export function LimitFields({
  defaults,
  values,
  errors,
}: {
  defaults: Limits;
  values?: Record<string, string | string[]>;
  errors?: Record<string, string[]>;
}) {
  return (
    <fieldset className="grid grid-cols-2 gap-4 md:grid-cols-5">
      <legend className="mb-2 text-sm font-semibold text-slate-800">Limits</legend>
      {FIELDS.map((f) => {
        const typed = values?.[f.name];
        return (
          <Field
            key={f.name}
            name={f.name}
            label={f.label}
            type="number"
            min={0}
            inputMode="numeric"
            defaultValue={typeof typed === 'string' ? typed : String(defaults[f.name])}
            errors={errors?.[f.name]}
          />
        );
      })}
    </fieldset>
  );
}

/** The limits as <dt>/<dd> pairs straight inside the page's <dl> (a wrapping element there is invalid markup). */
export function LimitList({ limits }: { limits: Limits }) {
  return (
    <>
      {FIELDS.map((f) => (
        // A fragment, not a wrapper: a <dl> holds only dt/dd pairs (or <div>s of them).
        <Fragment key={f.name}>
          <dt className="text-slate-600">{f.label}</dt>
          <dd>{limits[f.name].toLocaleString('en')}</dd>
        </Fragment>
      ))}
    </>
  );
}
