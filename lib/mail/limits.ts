// Limits on what a customer and its reseller may hold (domains, accounts, aliases, virtmaps, quota): is there
// room, and the exact sentence when there is not. The data layer counts under its lock on the reseller row
// (lib/data/limits.ts) and refuses with what this says; the customer's own limit is told first.

export type Countable = 'domains' | 'accounts' | 'aliases' | 'virtmaps';

/** How much of one limit is taken, and the limit. */
export interface Usage {
  used: number;
  limit: number;
}

/** Why adding `adding` more of `kind` is refused, or null when both limits have room for it. */
export function roomRefusal(kind: Countable, adding: number, customerName: string, customer: Usage, reseller: Usage): string | null {
  if (customer.used + adding > customer.limit) return `${customerName} has reached its limit of ${customer.limit} ${kind}.`;
  if (reseller.used + adding > reseller.limit) return `Your reseller limit of ${reseller.limit} ${kind} is reached.`;
  return null;
}

/** A refused quota: the sentence, and what the quota field is told. */
export interface QuotaRefusal {
  message: string;
  quotaMb: string;
}

/** Why `extraMb` more quota is refused (the totals are in MiB), or null when both totals have room. */
export function quotaRefusal(extraMb: number, customerName: string, customer: Usage, reseller: Usage): QuotaRefusal | null {
  if (extraMb <= 0) return null;
  if (customer.used + extraMb > customer.limit) {
    return {
      message: `That quota would take ${customerName} over its total of ${customer.limit} MiB (${customer.used} MiB in use).`,
      quotaMb: `At most ${Math.max(0, customer.limit - customer.used)} MiB more for ${customerName}.`,
    };
  }
  if (reseller.used + extraMb > reseller.limit) {
    return {
      message: `That quota would take your accounts over your total of ${reseller.limit} MiB.`,
      quotaMb: `At most ${Math.max(0, reseller.limit - reseller.used)} MiB more.`,
    };
  }
  return null;
}
