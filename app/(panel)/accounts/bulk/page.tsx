import { BulkReviewPage } from '@/components/mail/bulk-review-page';
import { openScreen } from '@/lib/web/open-screen';
import { loadBulkReview } from '@/lib/web/bulk-review';
import { applyBulkAction } from '../../bulk/actions';

/** The one review of a bulk action on the accounts list (its "With the selected" buttons lead here). */
export default async function BulkAccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await openScreen('accountsBulk');
  const { batch, ...review } = await loadBulkReview(actor, 'account', await searchParams);
  return <BulkReviewPage {...review} action={batch ? applyBulkAction.bind(null, batch) : null} />;
}
