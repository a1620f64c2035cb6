import Link from 'next/link';
import { ActionButton } from '@/components/ui/action-button';
import { disableDomainAction } from './disable-action';

interface Impact {
  name: string;
  strict: boolean;
  accounts: number;
  aliases: number;
  virtmaps: number;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "Disable domain" in two steps that need no JavaScript: a link to this page with `?confirm=disable`,
 * which lists what stops receiving mail, then the button that disables it.
 */
export function DisableDomain({ domainId, impact }: { domainId: string; impact: Impact | null }) {
  if (!impact) {
    return (
      <Link
        href={`/domains/${domainId}?confirm=disable#status`}
        className="inline-flex rounded border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50"
      >
        Disable domain…
      </Link>
    );
  }
  const names = impact.strict
    ? 'none of the accounts and aliases (the domain is strict)'
    : `${count(impact.accounts, 'account', 'accounts')} and ${count(impact.aliases, 'alias', 'aliases')} (name@${impact.name})`;
  return (
    <section aria-labelledby="disable-heading" className="rounded border border-red-200 bg-red-50 p-4 text-sm" data-testid="disable-domain">
      <h3 id="disable-heading" className="mb-2 font-semibold text-red-900">
        Disable {impact.name}?
      </h3>
      <p className="mb-1">Every address @{impact.name} stops receiving mail (it is refused) at the next sync:</p>
      <ul className="mb-3 list-disc pl-6" data-testid="disable-impact">
        <li>{names};</li>
        <li>{count(impact.virtmaps, 'virtmap', 'virtmaps')} (its own addresses).</li>
      </ul>
      <p className="mb-3">Nothing is deleted: enabling the domain again brings every address back.</p>
      <div className="flex flex-wrap items-start gap-3">
        <ActionButton label={`Disable ${impact.name}`} tone="danger" action={disableDomainAction.bind(null, domainId)} />
        <Link href={`/domains/${domainId}#status`} className="px-2 py-2 text-sky-700 hover:underline">
          Cancel
        </Link>
      </div>
    </section>
  );
}
