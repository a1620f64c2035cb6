import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { openScreen } from '@/lib/web/open-screen';
import { listMailHosts } from '@/lib/data/mail-hosts';
import { ResellerForm } from './reseller-form';

export const metadata: Metadata = { title: 'New reseller' };

const DEFAULTS = { maxDomains: 100, maxAccounts: 1000, maxAliases: 1000, maxVirtmaps: 5000, maxQuotaMb: 1048576 };

export default async function NewResellerPage() {
  const actor = await openScreen('resellerNew');
  const hosts = await listMailHosts(actor);
  return (
    <>
      <PageHeader title="New reseller" subtitle="A hosting reseller with its own login, the mail hosts it may use and its limits." />
      <ResellerForm hosts={hosts.map((h) => ({ id: h.id, name: h.name }))} defaults={DEFAULTS} />
    </>
  );
}
