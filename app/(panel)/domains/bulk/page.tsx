import { BulkReviewPage } from '@/components/mail/bulk-review-page';
import { openScreen } from '@/lib/web/open-screen';
import { loadBulkReview } from '@/lib/web/bulk-review';
import { applyBulkAction } from '../../bulk/actions';

/** The one review of a bulk action on the domains list (its "With the selected" buttons lead here). */
export default async function BulkDomainPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('domainsBulk');
  const { batch, ...review } = await loadBulkReview(actor, 'domain', await searchParams);
  return <BulkReviewPage {...review} action={batch ? applyBulkAction.bind(null, batch) : null} />;
}
