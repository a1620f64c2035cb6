import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { openScreen } from '@/lib/web/open-screen';
import { mailFormChoices } from '@/lib/data/mail-choices';
import { AliasForm } from './alias-form';

export const metadata: Metadata = { title: 'New alias' };

export default async function NewAliasPage() {
  const actor = await openScreen('aliasNew');
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
