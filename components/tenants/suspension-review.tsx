import Link from 'next/link';
import { ActionButton } from '@/components/ui/action-button';
import type { FormState } from '@/lib/web/form-state';

/** What lib/data/tenant-suspension.ts describes (the components import no data layer). */
interface SuspensionReview {
  name: string;
  logins: string[];
  customers: number;
  mailboxes: number;
  domains: number;
  enabledDomains: string[];
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** What suspending stops, listed before the one button that does it (a page of its own: works without JS). */
export function SuspensionReviewPanel({
  what,
  review,
  action,
  back,
}: {
  what: 'customer' | 'reseller';
  review: SuspensionReview;
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  back: string;
}) {
  return (
    <section className="max-w-2xl rounded border border-red-200 bg-white p-4">
      <p className="mb-2 text-sm">Suspending {review.name} stops, at once:</p>
      <ul className="mb-4 list-disc pl-6 text-sm" data-testid="suspension-impact">
        <li>
          {plural(review.logins.length, 'panel login', 'panel logins')} can no longer sign in, and open sessions end
          {review.logins.length > 0 ? `: ${review.logins.join(', ')}` : ''}
          {what === 'reseller' ? ` (its own and its ${plural(review.customers, "customer's", "customers'")})` : ''};
        </li>
        <li>{plural(review.mailboxes, 'mailbox user', 'mailbox users')} can no longer sign in to the post office;</li>
        <li>nothing can be added: no domains, accounts, aliases or virtmaps.</li>
      </ul>
      <p className="mb-4 text-sm">
        Mail keeps flowing: {plural(review.domains, 'domain', 'domains')} and their addresses stay on the mail hosts
        {what === 'customer' && review.enabledDomains.length > 0 ? ', unless you stop its mail too' : ''}. Reactivating undoes all of this.
      </p>
      <div className="flex flex-wrap items-end gap-4">
        <ActionButton label={`Suspend ${what}`} tone="danger" action={action}>
          {what === 'customer' && review.enabledDomains.length > 0 ? (
            <fieldset className="rounded border border-slate-200 p-3 text-sm">
              <legend className="px-1 font-medium">Mail</legend>
              <label className="flex items-start gap-2">
                <input type="checkbox" name="stopMail" className="mt-1 h-4 w-4" />
                <span>
                  Also stop its mail: these domains are disabled and refuse mail until the customer is reactivated:{' '}
                  <span data-testid="mail-stops">{review.enabledDomains.join(', ')}</span>
                  {review.domains > review.enabledDomains.length ? ' (and its other enabled domains)' : ''}.
                </span>
              </label>
            </fieldset>
          ) : null}
        </ActionButton>
        <Link href={back} className="text-sm text-sky-700 hover:underline">
          Cancel
        </Link>
      </div>
    </section>
  );
}
