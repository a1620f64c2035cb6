import type { Metadata } from 'next';
import { ActAsPage } from '@/components/support/act-as-page';
import { getAccount } from '@/lib/data/accounts';
import { openScreen } from '@/lib/web/open-screen';
import { orNotFound } from '@/lib/web/or-not-found';
import { startActAsAction } from '../../../act-as/actions';

export const metadata: Metadata = { title: 'Act as' };

export default async function ActAsMailboxPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await openScreen('accountActAs');
  const { id } = await params;
  const account = await orNotFound(getAccount(actor, id));
  return (
    <ActAsPage
      name={account.loginAddress ?? account.name}
      back={`/accounts/${account.id}`}
      mailbox
      action={startActAsAction.bind(null, { kind: 'mailbox', id: account.id })}
    />
  );
}
