import type { FormState } from '@/lib/web/form-state';

/**
 * Shown inside a form when the server answered "confirm": the warnings and every address that will
 * route differently, then a second submit that carries the confirmation token for exactly this input. Nothing was saved yet.
 */
export function ConfirmChanges({ state }: { state: FormState }) {
  if (state.status !== 'confirm') return null;
  const changes = state.changes ?? [];
  return (
    <section
      aria-labelledby="confirm-heading"
      className="rounded border border-amber-300 bg-amber-50 p-4 text-sm"
      data-testid="confirm-changes"
    >
      <h2 id="confirm-heading" className="mb-2 font-semibold text-amber-900">
        Check before saving
      </h2>
      {state.warnings?.length ? (
        <ul className="mb-3 list-disc pl-5 text-amber-900">
          {state.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {changes.length ? (
        <>
          <p className="mb-1 text-slate-700">After this change, mail to these addresses goes elsewhere:</p>
          <table className="mb-3 w-full text-left" aria-label="Addresses that will route differently">
            <thead>
              <tr className="text-xs uppercase text-slate-600">
                <th className="py-1 pr-4">Address</th>
                <th className="py-1 pr-4">Now</th>
                <th className="py-1">After saving</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.address} className="border-t border-amber-200">
                  <td className="py-1 pr-4 font-mono">{c.address}</td>
                  <td className="py-1 pr-4">{c.before}</td>
                  <td className="py-1">{c.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="mb-3 text-slate-700">No address routes differently after this change.</p>
      )}
      <input type="hidden" name="confirmed" value={state.confirmToken ?? ''} />
    </section>
  );
}
