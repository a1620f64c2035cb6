import type { Metadata } from 'next';
import { SuspensionReviewPanel } from '@/components/tenants/suspension-review';
import { PageHeader } from '@/components/ui/page-header';
import { describeResellerSuspension } from '@/lib/data/tenant-suspension';
import { openScreen } from '@/lib/web/open-screen';
import { orNotFound } from '@/lib/web/or-not-found';
import { suspendResellerAction } from './actions';

export const metadata: Metadata = { title: 'Suspend reseller' };

export default async function SuspendResellerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await openScreen('resellerEdit');
  const { id } = await params;
  const review = await orNotFound(describeResellerSuspension(actor, id));
  return (
    <>
      <PageHeader title={`Suspend ${review.name}?`} />
      <SuspensionReviewPanel what="reseller" review={review} action={suspendResellerAction.bind(null, id)} back={`/resellers/${id}`} />
    </>
  );
}
