import { RecentActivity } from '@/components/dashboard/recent-activity';
import { UsageBars } from '@/components/dashboard/usage-bars';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import type { Actor } from '@/lib/auth/actor';
import { getCustomerOverview } from '@/lib/data/tenant-overview';
import { SyncStateText } from '@/components/sync/sync-state-text';
import { usage } from '@/lib/web/usage';

/** A customer's landing page: its mail against its limits, whether it is live, the common tasks, activity. */
export async function CustomerOverview({ actor }: { actor: Actor }) {
  const { customer, counts, live, activity } = await getCustomerOverview(actor);
  const items = [
    usage('Domains', counts.domains, customer.maxDomains),
    usage('Accounts', counts.accounts, customer.maxAccounts),
    usage('Aliases', counts.aliases, customer.maxAliases),
    usage('Addresses', counts.virtmaps, customer.maxVirtmaps),
    usage('Quota', counts.quotaMb, customer.maxQuotaMb, 'MiB'),
  ];
  return (
    <>
      <PageHeader title={customer.name} subtitle={`Signed in as ${actor.label}`} />
      <p
        role="status"
        data-testid="live-state"
        className={`mb-6 rounded border px-3 py-2 text-sm ${live === 'live' ? 'border-emerald-300 bg-emerald-50 text-emerald-900' : 'border-amber-300 bg-amber-50 text-amber-900'}`}
      >
        {live ? <SyncStateText state={live} /> : 'Nothing of yours is on a mail host yet.'}
      </p>
      <nav aria-label="Common tasks" className="mb-6 flex flex-wrap gap-3">
        <LinkButton href="/accounts/new">Add account</LinkButton>
        <LinkButton href="/aliases/new">Add alias</LinkButton>
        {customer.mayAddDomains ? <LinkButton href="/domains/new">Add domain</LinkButton> : null}
        <LinkButton href="/domains">Add an address (on a domain’s page)</LinkButton>
        <LinkButton href="/routes">Where does mail go?</LinkButton>
      </nav>
      <div className="grid gap-6 lg:grid-cols-2">
        <UsageBars title="Your mail against your limits" items={items} />
        <RecentActivity events={activity} />
      </div>
    </>
  );
}
