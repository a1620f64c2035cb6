import type { Metadata } from 'next';
import { ActAsPage } from '@/components/support/act-as-page';
import { getCustomer } from '@/lib/data/customers';
import { openScreen } from '@/lib/web/open-screen';
import { orNotFound } from '@/lib/web/or-not-found';
import { startActAsAction } from '../../../act-as/actions';

export const metadata: Metadata = { title: 'Act as' };

export default async function ActAsCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await openScreen('customerActAs');
  const { id } = await params;
  const customer = await orNotFound(getCustomer(actor, id));
  return (
    <ActAsPage
      name={customer.name}
      back={`/customers/${customer.id}`}
      action={startActAsAction.bind(null, { kind: 'customer', id: customer.id })}
    />
  );
}
