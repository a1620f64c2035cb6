import type { Metadata } from 'next';
import { DeleteByNameForm } from '@/components/ui/delete-by-name-form';
import { DeletionReviewList } from '@/components/tenants/deletion-review';
import { PageHeader } from '@/components/ui/page-header';
import { describeCustomerDeletion } from '@/lib/data/tenant-deletion';
import { openScreen } from '@/lib/web/open-screen';
import { orNotFound } from '@/lib/web/or-not-found';
import { deleteCustomerAction } from './actions';

export const metadata: Metadata = { title: 'Delete customer' };

export default async function DeleteCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await openScreen('customerEdit');
  const { id } = await params;
  const review = await orNotFound(describeCustomerDeletion(actor, id));
  return (
    <>
      <PageHeader title={`Delete ${review.name}?`} />
      <section className="max-w-2xl rounded border border-red-200 bg-white p-4">
        <DeletionReviewList review={review} withCustomers={false} />
        <DeleteByNameForm name={review.name} label="Delete customer" action={deleteCustomerAction.bind(null, id)} />
      </section>
    </>
  );
}
