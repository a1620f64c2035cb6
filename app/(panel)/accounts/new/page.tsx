import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { openScreen } from '@/lib/web/open-screen';
import { mailFormChoices } from '@/lib/data/mail-choices';
import { AccountForm } from './account-form';

export const metadata: Metadata = { title: 'New account' };

export default async function NewAccountPage() {
  const actor = await openScreen('accountNew');
  const choices = await mailFormChoices(actor);
  return (
    <>
      <PageHeader title="New account" subtitle="A mailbox with a password, reachable at the addresses that name it." />
      <AccountForm choices={choices} chooseCustomer={actor.kind !== 'customer'} />
    </>
  );
}
