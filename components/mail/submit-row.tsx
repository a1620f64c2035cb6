import { Button } from '@/components/ui/button';
import type { FormState } from '@/lib/web/form-state';

/**
 * The form's submit button: its label first ("Check and save"); once the consequences are shown,
 * `confirmLabel` (what the second click does, e.g. "Delete joe"), else "Confirm and save".
 */
export function SubmitRow({
  state,
  pending,
  label,
  confirmLabel,
  tone = 'primary',
}: {
  state: FormState;
  pending: boolean;
  label: string;
  confirmLabel?: string;
  tone?: 'primary' | 'secondary' | 'danger';
}) {
  const confirming = state.status === 'confirm';
  return (
    <div className="flex items-center gap-3">
      <Button type="submit" tone={confirming && tone === 'secondary' ? 'danger' : tone} disabled={pending}>
        {pending ? 'Working…' : confirming ? (confirmLabel ?? 'Confirm and save') : label}
      </Button>
      {confirming ? <span className="text-sm text-slate-600">Nothing is saved until you confirm.</span> : null}
    </div>
  );
}
