import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { openScreen } from '@/lib/web/open-screen';
import { listResellerChoices } from '@/lib/data/resellers';
import { CustomerForm } from './customer-form';

export const metadata: Metadata = { title: 'New customer' };

const DEFAULTS = { maxDomains: 10, maxAccounts: 100, maxAliases: 100, maxVirtmaps: 500, maxQuotaMb: 102400 };

export default async function NewCustomerPage() {
  const actor = await openScreen('customerNew');
  // Operators choose the reseller; a reseller always creates under itself.
  const resellers = actor.kind === 'admin' ? (await listResellerChoices(actor)).map((r) => ({ value: r.id, label: r.name })) : null;
  return (
    <>
      <PageHeader title="New customer" subtitle="A subhost customer with its own login; its limits may not exceed the reseller's." />
      <CustomerForm resellers={resellers} defaults={DEFAULTS} />
    </>
  );
}
