import { ActionButton } from '@/components/ui/action-button';
import type { FormState } from '@/lib/web/form-state';
import { CopyValue } from './copy-value';

type Bound = (prev: FormState, formData: FormData) => Promise<FormState>;

interface Props {
  verifiedAt: Date | null;
  verifiedBy: string | null;
  record: { name: string; value: string };
  /** "Check DNS now", for the domain's customer, reseller and operators (not support: read-only). */
  check: Bound | null;
  /** "Approve ownership", for operators. */
  approve: Bound | null;
}

const HOW: Record<string, string> = {
  dns: 'by its TXT record in DNS',
  operator: 'by an operator’s approval',
  'before-tenancy': 'before ownership checks existed (it took mail already)',
};

/** Whether the domain takes mail yet, and how its owner proves it does (docs/domain-ownership.md). */
export function OwnershipSection({ verifiedAt, verifiedBy, record, check, approve }: Props) {
  return (
    <section className="mb-8 rounded border border-slate-200 bg-white p-4" aria-labelledby="ownership" data-testid="domain-ownership">
      <h2 id="ownership" className="mb-2 text-lg font-semibold">
        Ownership
      </h2>
      {verifiedAt ? (
        <p className="text-sm">
          Ownership proven {HOW[verifiedBy ?? ''] ?? ''} on {verifiedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. The mail host
          takes mail for this domain.
        </p>
      ) : (
        <>
          <p className="mb-3 text-sm">
            <span className="mr-2 inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
              Waiting for proof of ownership
            </span>
            The mail host takes no mail for this domain until its owner proves it holds it: mail to its addresses is treated like mail to
            any other domain on the internet.
          </p>
          <p className="mb-2 text-sm">Add this TXT record at the domain&apos;s DNS provider, then check:</p>
          <dl className="mb-4 grid max-w-3xl grid-cols-[6rem_1fr] items-center gap-2 text-sm">
            <dt className="text-slate-600">Type</dt>
            <dd className="font-mono">TXT</dd>
            <dt className="text-slate-600">Name</dt>
            <dd>
              <CopyValue label="TXT record name" value={record.name} />
            </dd>
            <dt className="text-slate-600">Value</dt>
            <dd>
              <CopyValue label="TXT record value" value={record.value} />
            </dd>
          </dl>
          <div className="flex flex-wrap items-start gap-4">
            {check ? <ActionButton label="Check DNS now" action={check} tone="primary" /> : null}
            {approve ? <ActionButton label="Approve ownership" action={approve} /> : null}
          </div>
        </>
      )}
    </section>
  );
}
