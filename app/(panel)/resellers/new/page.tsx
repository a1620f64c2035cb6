import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/session/session';
import { listMailHosts } from '@/lib/data/mail-hosts';
import { ResellerForm } from './reseller-form';

export const metadata: Metadata = { title: 'New reseller' };

const DEFAULTS = { maxDomains: 100, maxAccounts: 1000, maxAliases: 1000, maxVirtmaps: 5000, maxQuotaMb: 1048576 };

export default async function NewResellerPage() {
  const actor = await requireActor();
  if (actor.kind !== 'admin') notFound();
  const hosts = await listMailHosts(actor);
  return (
    <>
      <PageHeader title="New reseller" subtitle="A hosting reseller with its own login, the mail hosts it may use and its limits." />
      <ResellerForm hosts={hosts.map((h) => ({ id: h.id, name: h.name }))} defaults={DEFAULTS} />
    </>
  );
}
