import { viewNames } from '@/lib/mail/tenancy';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import type { Trace } from '@/lib/mail/trace-types';

// The tenancy rule as a property of one trace (docs/tenancy.md): a copy may reach a customer's account only
// through an address at one of that customer's domains. Mail for joe@b.example that ends in customer A's
// account joe — the classic shared-host fall-through — breaks it; a forward someone wrote to an address
// at A's domain does not (the trace then passes through A's domain).

/** The accounts (host-level names) a trace delivers to whose customer owns no domain the trace passed. */
export function crossingDeliveries(snapshot: MailSnapshot, trace: Trace): string[] {
  const { names, domainOwners } = viewNames(snapshot);
  const passed = new Set<string>();
  for (const step of trace.steps) {
    if (!('address' in step)) continue;
    const at = step.address.lastIndexOf('@');
    const owner = at > 0 ? domainOwners.get(step.address.slice(at + 1).toLowerCase()) : undefined;
    if (owner) passed.add(owner);
  }
  return trace.deliveries.flatMap((d) => {
    if (d.kind !== 'account') return [];
    const owner = names.get(d.name)?.owner;
    return owner && !passed.has(owner) ? [d.name] : [];
  });
}
