import type { FormState } from '@/lib/web/form-state';

/** The form's overall result, in a live region so screen readers hear it. */
export function FormMessage({ state }: { state: FormState }) {
  const tone =
    state.status === 'error'
      ? 'border-red-300 bg-red-50 text-red-800'
      : state.status === 'confirm'
        ? 'border-amber-300 bg-amber-50 text-amber-900'
        : 'border-emerald-300 bg-emerald-50 text-emerald-800';
  return (
    <div aria-live="polite" data-testid="form-message">
      {state.message ? (
        <p role="status" className={`rounded border px-3 py-2 text-sm ${tone}`}>
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
