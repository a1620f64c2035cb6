import type { Metadata } from 'next';
import { SuspensionReviewPanel } from '@/components/tenants/suspension-review';
import { PageHeader } from '@/components/ui/page-header';
import { describeCustomerSuspension } from '@/lib/data/tenant-suspension';
import { openScreen } from '@/lib/web/open-screen';
import { orNotFound } from '@/lib/web/or-not-found';
import { suspendCustomerAction } from './actions';

export const metadata: Metadata = { title: 'Suspend customer' };

export default async function SuspendCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await openScreen('customerEdit');
  const { id } = await params;
  const review = await orNotFound(describeCustomerSuspension(actor, id));
  return (
    <>
      <PageHeader title={`Suspend ${review.name}?`} />
      <SuspensionReviewPanel what="customer" review={review} action={suspendCustomerAction.bind(null, id)} back={`/customers/${id}`} />
    </>
  );
}
