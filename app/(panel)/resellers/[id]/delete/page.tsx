import type { Metadata } from 'next';
import { DeleteByNameForm } from '@/components/ui/delete-by-name-form';
import { DeletionReviewList } from '@/components/tenants/deletion-review';
import { PageHeader } from '@/components/ui/page-header';
import { describeResellerDeletion } from '@/lib/data/tenant-deletion';
import { openScreen } from '@/lib/web/open-screen';
import { orNotFound } from '@/lib/web/or-not-found';
import { deleteResellerAction } from './actions';

export const metadata: Metadata = { title: 'Delete reseller' };

export default async function DeleteResellerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await openScreen('resellerEdit');
  const { id } = await params;
  const review = await orNotFound(describeResellerDeletion(actor, id));
  return (
    <>
      <PageHeader title={`Delete ${review.name}?`} />
      <section className="max-w-2xl rounded border border-red-200 bg-white p-4">
        <DeletionReviewList review={review} withCustomers />
        <DeleteByNameForm name={review.name} label="Delete reseller" action={deleteResellerAction.bind(null, id)} />
      </section>
    </>
  );
}
