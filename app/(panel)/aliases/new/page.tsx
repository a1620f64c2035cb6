import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { canCreateOwn } from '@/lib/auth/policy';
import { requireActor } from '@/lib/session/session';
import { mailFormChoices } from '@/lib/data/mail-choices';
import { AliasForm } from './alias-form';

export const metadata: Metadata = { title: 'New alias' };

export default async function NewAliasPage() {
  const actor = await requireActor();
  if (!canCreateOwn(actor, 'alias')) notFound();
  return (
    <>
      <PageHeader
        title="New alias"
        subtitle="Aliases are looked up before accounts: an alias with an account's name takes that account's mail."
      />
      <AliasForm choices={await mailFormChoices(actor)} chooseCustomer={actor.kind !== 'customer'} />
    </>
  );
}
