import Link from 'next/link';
import { ActionButton } from '@/components/ui/action-button';
import { HostSyncBadge } from '@/components/sync/host-sync-badge';
import { PageHeader } from '@/components/ui/page-header';
import { ObjectHistory } from '@/components/mail/object-history';
import { listObjectHistory } from '@/lib/data/object-history';
import { StatusBadge } from '@/components/ui/status-badge';
import { can } from '@/lib/auth/policy';
import { openScreen } from '@/lib/web/open-screen';
import { describeDomainDeletion, describeDomainDisable, getDomain } from '@/lib/data/domains';
import { orNotFound } from '@/lib/web/or-not-found';
import { deleteDomainAction, setDomainEnabledAction } from './domain-actions';
import { setDomainStrictAction } from './strict-action';
import { approveDomainAction, checkDomainDnsAction } from './ownership-actions';
import { createVirtmapAction, deleteVirtmapAction } from './virtmap-actions';
import { updateVirtmapAction } from './virtmap-update-action';
import { ReviewForm } from '@/components/mail/review-form';
import { OwnershipSection } from './ownership';
import { AddVirtmapDetails, DeleteVirtmapButton, VirtmapForm } from './virtmap-controls';
import { listVirtmaps } from '@/lib/data/virtmaps';
import { DeleteByNameForm } from '@/components/ui/delete-by-name-form';
import { DisableDomain } from './disable-domain';

export default async function DomainPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string; deleted?: string; confirm?: string; disabled?: string; undone?: string }>;
}) {
  const actor = await openScreen('domain');
  const { id } = await params;
  const domain = await orNotFound(getDomain(actor, id));
  const { created, deleted, confirm, disabled, undone } = await searchParams;
  const tenant = { type: 'domain' as const, resellerId: domain.customer.resellerId, customerId: domain.customer.id };
  const mayUpdate = can(actor, 'update', tenant);
  // A customer deletes its own domain where its reseller lets it add domains.
  const mayDelete = can(actor, 'delete', { ...tenant, selfService: domain.customer.mayAddDomains });
  const deletion = mayDelete ? await describeDomainDeletion(actor, id) : null;
  const disabling = mayUpdate && domain.enabled && confirm === 'disable' ? await describeDomainDisable(actor, id) : null;
  const virtmaps = await listVirtmaps(actor, domain.id);
  const mayEditMail = can(actor, 'create', { ...tenant, type: 'virtmap' });
  return (
    <>
      <PageHeader
        title={domain.name}
        subtitle={
          <>
            <StatusBadge active={domain.enabled} on="Enabled" off="Disabled" />{' '}
            <HostSyncBadge actor={actor} mailHostId={domain.mailHost.id} />
          </>
        }
      />
      {created ? (
        <p role="status" className="mb-6 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {domain.verifiedAt
            ? `Domain ${domain.name} added. Waiting for sync: the mail host accepts mail for it after the next publish.`
            : `Domain ${domain.name} added. Waiting for proof of ownership: it takes mail once the TXT record below is in DNS (or an operator approves it).`}
        </p>
      ) : null}
      {disabled && !domain.enabled ? (
        <p role="status" className="mb-6 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Domain disabled. It stops receiving mail at the next sync.
        </p>
      ) : null}
      {/* A deleted virtmap's form leaves the page with its row: its action redirects here with ?deleted=. */}
      {typeof deleted === 'string' && deleted ? (
        <p role="status" className="mb-6 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {deleted.slice(0, 300)} deleted. Waiting for sync: the mail host gets it at the next publish.
        </p>
      ) : null}
      <OwnershipSection
        verifiedAt={domain.verifiedAt}
        verifiedBy={domain.verifiedBy}
        record={domain.ownershipRecord}
        check={mayUpdate ? checkDomainDnsAction.bind(null, domain.id) : null}
        approve={actor.kind === 'admin' ? approveDomainAction.bind(null, domain.id) : null}
      />
      <dl className="mb-8 grid max-w-xl grid-cols-[10rem_1fr] gap-y-2 rounded border border-slate-200 bg-white p-4 text-sm">
        <dt className="text-slate-600">Customer</dt>
        <dd>
          {actor.kind === 'customer' ? (
            domain.customer.name
          ) : (
            <Link className="text-sky-700 hover:underline" href={`/customers/${domain.customer.id}`}>
              {domain.customer.name}
            </Link>
          )}
        </dd>
        <dt className="text-slate-600">Mail host</dt>
        <dd>
          {domain.mailHost.name} ({domain.mailHost.flavor.toLowerCase()})
        </dd>
        <dt className="text-slate-600">Virtmaps</dt>
        <dd>{domain._count.virtmaps}</dd>
        <dt className="text-slate-600">Added</dt>
        <dd>{domain.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</dd>
      </dl>
      <section className="mb-8" aria-labelledby="addresses">
        <h2 id="addresses" className="mb-2 text-lg font-semibold">
          Addresses (virtmaps)
        </h2>
        {virtmaps.length === 0 ? (
          <p className="mb-3 text-sm text-slate-600">
            {domain.strict
              ? `No virtmaps, and the domain is strict: every address @${domain.name} is refused.`
              : `No virtmaps: mail to name@${domain.name} goes to ${domain.customer.name}'s alias or account with that name, and other names are refused.`}
          </p>
        ) : (
          <ul className="mb-4 divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm" data-testid="virtmaps">
            {virtmaps.map((v) => (
              <li key={v.id} className="flex flex-wrap items-start justify-between gap-3 px-4 py-2">
                <span>
                  <span className="font-mono">{v.key}</span> → <span className="font-mono">{v.target}</span>
                  {v.catchAll ? <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-600">catch-all</span> : null}{' '}
                  <Link
                    className="ml-2 text-xs text-sky-700 hover:underline"
                    href={`/routes?address=${encodeURIComponent(v.catchAll ? `someone${v.key}` : v.key)}`}
                  >
                    trace
                  </Link>
                </span>
                {mayEditMail ? (
                  <span className="flex flex-col gap-2">
                    <details>
                      <summary className="cursor-pointer text-xs text-sky-700">Edit {v.key}</summary>
                      <div className="mt-2">
                        <VirtmapForm
                          domain={domain.name}
                          editing={v.edit}
                          action={updateVirtmapAction.bind(null, v.id, domain.id, v.localPart)}
                        />
                      </div>
                    </details>
                    <DeleteVirtmapButton address={v.key} action={deleteVirtmapAction.bind(null, v.id)} />
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {mayEditMail ? (
          <AddVirtmapDetails initiallyOpen={virtmaps.length === 0}>
            <VirtmapForm domain={domain.name} action={createVirtmapAction.bind(null, domain.id)} />
          </AddVirtmapDetails>
        ) : null}
      </section>
      {mayUpdate ? (
        <section className="mb-8" id="status">
          <h2 className="mb-2 text-lg font-semibold">Status</h2>
          <p className="mb-3 text-sm text-slate-600">
            A disabled domain is removed from the mail host&apos;s local domains; its addresses are kept for when it is enabled again.
          </p>
          {domain.enabled ? (
            <DisableDomain domainId={domain.id} impact={disabling} />
          ) : (
            <ActionButton label="Enable domain" action={setDomainEnabledAction.bind(null, domain.id, true)} />
          )}
          <h3 className="mb-1 mt-4 text-sm font-semibold" id="strictness">
            Which names answer here
          </h3>
          <p className="mb-3 text-sm text-slate-600" data-testid="domain-strictness">
            {domain.strict
              ? `Strict: only the addresses listed above exist at ${domain.name}; everything else is refused.`
              : `Open: besides the addresses above, ${domain.customer.name}'s own accounts and aliases answer at name@${domain.name} (no other customer's names ever do).`}
          </p>
          <ReviewForm
            action={setDomainStrictAction.bind(null, domain.id, !domain.strict)}
            label={domain.strict ? 'Open the domain to its names' : 'Make the domain strict'}
            tone="secondary"
          />
        </section>
      ) : null}
      {deletion ? (
        <section className="rounded border border-red-200 bg-white p-4">
          <h2 className="mb-2 text-lg font-semibold text-red-800">Delete domain</h2>
          <p className="mb-2 text-sm">Deleting {deletion.name} cannot be undone. It takes with it:</p>
          <ul className="mb-4 list-disc pl-6 text-sm" data-testid="deletion-impact">
            <li>the domain on its mail host: mail to any address @{deletion.name} will be refused;</li>
            <li>
              {deletion.virtmapCount === 0
                ? 'no addresses (it has no virtmaps)'
                : `${deletion.virtmapCount} address${deletion.virtmapCount === 1 ? '' : 'es'} (virtmaps)`}
              {deletion.addresses.length > 0 ? (
                <ul className="list-[circle] pl-6">
                  {deletion.addresses.map((a) => (
                    <li key={a}>{a}</li>
                  ))}
                  {deletion.virtmapCount > deletion.addresses.length ? (
                    <li>and {deletion.virtmapCount - deletion.addresses.length} more</li>
                  ) : null}
                </ul>
              ) : null}
            </li>
            <li>Accounts and aliases stay: they belong to the customer, not to the domain.</li>
          </ul>
          <DeleteByNameForm name={deletion.name} label="Delete domain" action={deleteDomainAction.bind(null, domain.id)} />
        </section>
      ) : null}
      <ObjectHistory
        {...await listObjectHistory(actor, 'domain', domain.id)}
        undone={undone === '1'}
        title="History of the domain and its addresses"
      />
    </>
  );
}
