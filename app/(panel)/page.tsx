import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { openScreen } from '@/lib/web/open-screen';
import { getOverview } from '@/lib/data/overview';
import { CustomerOverview } from './customer-overview';
import { ResellerDashboard } from './reseller-dashboard';

export default async function OverviewPage() {
  const actor = await openScreen('overview');
  if (actor.kind === 'reseller') return <ResellerDashboard actor={actor} />;
  if (actor.kind === 'customer') return <CustomerOverview actor={actor} />;
  const counts = await getOverview(actor);
  const tiles = [
    { label: 'Resellers', value: counts.resellers, href: '/resellers' },
    { label: 'Customers', value: counts.customers, href: '/customers' },
    { label: 'Domains', value: counts.domains, href: '/domains' },
    { label: 'Mail hosts', value: counts.mailHosts, href: '/mail-hosts' },
    { label: 'Act-as sessions running', value: counts.actAs, href: '/support-sessions' },
  ].filter((t) => t.value !== null);
  return (
    <>
      <PageHeader title="Overview" subtitle={`Signed in as ${actor.label}`} />
      <ul className="grid grid-cols-2 gap-4 md:grid-cols-5">
        {tiles.map((t) => (
          <li key={t.label}>
            <Link href={t.href} className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-sky-400">
              <span className="block text-sm text-slate-600">{t.label}</span>
              <span className="text-3xl font-semibold">{t.value}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
