import type { DeletionReview } from '@/lib/web/deletion-review';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** Everything a customer or reseller takes with it, and what happens to its mail. */
export function DeletionReviewList({ review, withCustomers }: { review: DeletionReview; withCustomers: boolean }) {
  return (
    <>
      <p className="mb-2 text-sm">Deleting {review.name} cannot be undone. It takes with it:</p>
      <ul className="mb-4 list-disc pl-6 text-sm" data-testid="deletion-impact">
        <li>
          {plural(review.logins.length, 'login', 'logins')}
          {review.logins.length > 0 ? `: ${review.logins.join(', ')}` : ''}
        </li>
        {withCustomers ? (
          <li>
            {plural(review.customers.length, 'customer', 'customers')}
            {review.customers.length > 0 ? `: ${review.customers.join(', ')}` : ''}
          </li>
        ) : null}
        <li>
          {plural(review.domains.length, 'domain', 'domains')}
          {review.domains.length > 0 ? `: ${review.domains.join(', ')}` : ''}
        </li>
        <li>{plural(review.accounts, 'account', 'accounts')}, with their forwards and autoreplies</li>
        <li>{plural(review.aliases, 'alias', 'aliases')}</li>
        <li>{plural(review.virtmaps, 'virtmap', 'virtmaps')}</li>
      </ul>
      <p className="mb-4 text-sm">
        {review.hosts.length > 0
          ? `Mail to every address at these domains is refused once ${review.hosts.join(', ')} ${review.hosts.length === 1 ? 'is' : 'are'} published again, which starts at once.`
          : 'It has nothing on any mail host: no mail changes.'}
      </p>
    </>
  );
}
