import Link from 'next/link';
import { ActionButton } from '@/components/ui/action-button';
import type { FormState } from '@/lib/web/form-state';

const LINK = 'rounded border px-4 py-2 text-sm font-medium';

/**
 * Edit, suspend (a review page first), reactivate, delete (a review page first) for a customer or reseller
 * page. `base` is its page's path.
 */
export function TenantControls({
  what,
  base,
  active,
  reactivate,
}: {
  what: 'customer' | 'reseller';
  base: string;
  active: boolean;
  reactivate: (prev: FormState, formData: FormData) => Promise<FormState>;
}) {
  return (
    <section className="mt-8">
      <h2 className="mb-2 text-lg font-semibold">Manage</h2>
      <p className="mb-3 text-sm text-slate-600">
        {what === 'customer'
          ? 'A suspended customer cannot sign in; its mail keeps flowing unless you stop it too when suspending.'
          : 'A suspended reseller and all its customers cannot sign in; mail keeps flowing.'}
      </p>
      <div className="flex flex-wrap items-start gap-3">
        <Link href={`${base}/edit`} className={`${LINK} border-slate-300 text-slate-800 hover:bg-slate-50`}>
          Edit {what}
        </Link>
        {active ? (
          <Link href={`${base}/suspend`} className={`${LINK} border-red-300 text-red-800 hover:bg-red-50`}>
            Suspend {what}
          </Link>
        ) : (
          <ActionButton label={`Reactivate ${what}`} action={reactivate} />
        )}
        <Link href={`${base}/delete`} className={`${LINK} border-red-300 text-red-800 hover:bg-red-50`}>
          Delete {what}
        </Link>
      </div>
    </section>
  );
}

/** The one-line answer after an edit or a suspension (the pages redirect here with ?updated / ?suspended). */
export function TenantNotice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p role="status" className="mb-6 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      {text}
    </p>
  );
}
