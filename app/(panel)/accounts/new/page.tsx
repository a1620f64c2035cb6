import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { canCreateOwn } from '@/lib/auth/policy';
import { requireActor } from '@/lib/session/session';
import { mailFormChoices } from '@/lib/data/mail-choices';
import { AccountForm } from './account-form';

export const metadata: Metadata = { title: 'New account' };

export default async function NewAccountPage() {
  const actor = await requireActor();
  if (!canCreateOwn(actor, 'account')) notFound();
  const choices = await mailFormChoices(actor);
  return (
    <>
      <PageHeader title="New account" subtitle="A mailbox with a password, reachable at the addresses that name it." />
      <AccountForm choices={choices} chooseCustomer={actor.kind !== 'customer'} />
    </>
  );
}
