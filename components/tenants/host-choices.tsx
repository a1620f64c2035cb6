import { FieldErrors } from '@/components/ui/field';

/**
 * The mail hosts as a checkbox group (a reseller's hosts, or the hosts a customer adds its own domains on).
 * `chosen` is what the form shows checked: the typed values after a failed submit, else the saved ones.
 */
export function HostChoices({
  legend,
  hosts,
  chosen,
  errors,
  empty = 'Add a mail host first.',
}: {
  legend: string;
  hosts: { id: string; name: string }[];
  chosen: readonly string[];
  errors?: string[];
  empty?: string;
}) {
  return (
    <fieldset aria-describedby={errors?.length ? 'mailHostIds-error' : undefined}>
      <legend className="mb-2 text-sm font-semibold text-slate-800">{legend}</legend>
      {hosts.length === 0 ? <p className="text-sm text-slate-600">{empty}</p> : null}
      {hosts.map((h) => (
        <label key={h.id} className="mr-4 inline-flex items-center gap-2 text-sm">
          <input type="checkbox" name="mailHostIds" value={h.id} defaultChecked={chosen.includes(h.id)} />
          {h.name}
        </label>
      ))}
      <FieldErrors id="mailHostIds-error" errors={errors} />
    </fieldset>
  );
}
