import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { getResellerForEdit } from '@/lib/data/reseller-edit';
import { openScreen } from '@/lib/web/open-screen';
import { orNotFound } from '@/lib/web/or-not-found';
import { updateResellerAction } from './actions';
import { ResellerEditForm } from './reseller-edit-form';

export const metadata: Metadata = { title: 'Edit reseller' };

export default async function EditResellerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await openScreen('resellerEdit');
  const { id } = await params;
  const { hosts, ...saved } = await orNotFound(getResellerForEdit(actor, id));
  return (
    <>
      <PageHeader title={`Edit ${saved.name}`} subtitle="Its limits never go below what its customers hold together." />
      <ResellerEditForm action={updateResellerAction.bind(null, id)} saved={saved} hosts={hosts} />
    </>
  );
}
