import type { Metadata } from 'next';
import { ActAsPage } from '@/components/support/act-as-page';
import { getReseller } from '@/lib/data/resellers';
import { openScreen } from '@/lib/web/open-screen';
import { orNotFound } from '@/lib/web/or-not-found';
import { startActAsAction } from '../../../act-as/actions';

export const metadata: Metadata = { title: 'Act as' };

export default async function ActAsResellerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await openScreen('resellerActAs');
  const { id } = await params;
  const reseller = await orNotFound(getReseller(actor, id));
  return (
    <ActAsPage
      name={reseller.name}
      back={`/resellers/${reseller.id}`}
      action={startActAsAction.bind(null, { kind: 'reseller', id: reseller.id })}
    />
  );
}
