import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { getCustomerForEdit } from '@/lib/data/customer-edit';
import { openScreen } from '@/lib/web/open-screen';
import { orNotFound } from '@/lib/web/or-not-found';
import { updateCustomerAction } from './actions';
import { CustomerEditForm } from './customer-edit-form';

export const metadata: Metadata = { title: 'Edit customer' };

export default async function EditCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await openScreen('customerEdit');
  const { id } = await params;
  const { hosts, mailHosts: _hosts, ...saved } = await orNotFound(getCustomerForEdit(actor, id));
  return (
    <>
      <PageHeader title={`Edit ${saved.name}`} subtitle="Its limits stay within the reseller's and never below what it already holds." />
      <CustomerEditForm action={updateCustomerAction.bind(null, id)} saved={saved} hosts={hosts} />
    </>
  );
}
