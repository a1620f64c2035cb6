import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { openScreen } from '@/lib/web/open-screen';
import { listCustomerChoices } from '@/lib/data/customers';
import { domainHostChoices, mayAddDomains } from '@/lib/data/domain-choices';
import { DomainForm } from './domain-form';

export const metadata: Metadata = { title: 'Add domain' };

export default async function NewDomainPage({ searchParams }: { searchParams: Promise<{ customerId?: string }> }) {
  const actor = await openScreen('domainNew');
  // A customer adds its own domains only where its reseller lets it.
  if (!(await mayAddDomains(actor))) notFound();
  const [customers, hosts, { customerId }] = await Promise.all([listCustomerChoices(actor), domainHostChoices(actor), searchParams]);
  const staff = actor.kind === 'admin';
  return (
    <>
      <PageHeader title="Add domain" subtitle="The domain becomes local on its mail host at the next sync." />
      <DomainForm
        customerId={actor.kind === 'customer' ? actor.customerId : customerId}
        customers={customers.map((c) => ({ value: c.id, label: staff ? `${c.name} (${c.reseller.name})` : c.name }))}
        hosts={hosts.map((h) => ({ value: h.id, label: `${h.name} (${h.flavor.toLowerCase()})` }))}
      />
    </>
  );
}
