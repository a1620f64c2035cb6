// Limits on what a customer and its reseller may hold (domains, accounts, aliases, virtmaps, quota): is there
// room, and the exact sentence when there is not. The data layer counts under its lock on the reseller row
// (lib/data/limits.ts) and refuses with what this says; the customer's own limit is told first.

export type Countable = 'domains' | 'accounts' | 'aliases' | 'virtmaps';

const ONE: Record<Countable, string> = { domains: 'domain', accounts: 'account', aliases: 'alias', virtmaps: 'virtmap' };

/** "1 domain", "2 domains", "1,000 aliases": a count of `kind` as a sentence says it. */
export function countOf(n: number, kind: Countable): string {
  return `${n.toLocaleString('en')} ${n === 1 ? ONE[kind] : kind}`;
}

/** How much of one limit is taken, and the limit. */
export interface Usage {
  used: number;
  limit: number;
}

/** Why adding `adding` more of `kind` is refused, or null when both limits have room for it. */
export function roomRefusal(kind: Countable, adding: number, customerName: string, customer: Usage, reseller: Usage): string | null {
  if (customer.used + adding > customer.limit) return `${customerName} has reached its limit of ${countOf(customer.limit, kind)}.`;
  if (reseller.used + adding > reseller.limit) return `Your reseller limit of ${countOf(reseller.limit, kind)} is reached.`;
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

/** The five limits of a reseller or customer, as the forms and the rows name them. */
export interface Limits {
  maxDomains: number;
  maxAccounts: number;
  maxAliases: number;
  maxVirtmaps: number;
  maxQuotaMb: number;
}

const KIND_OF: Record<Exclude<keyof Limits, 'maxQuotaMb'>, Countable> = {
  maxDomains: 'domains',
  maxAccounts: 'accounts',
  maxAliases: 'aliases',
  maxVirtmaps: 'virtmaps',
};

const amount = (field: keyof Limits, n: number) =>
  field === 'maxQuotaMb' ? `${n.toLocaleString('en')} MiB of quota` : countOf(n, KIND_OF[field]);

/**
 * What is wrong with new limits, field by field: above the reseller's own (for a customer), or below what is
 * already in use (lowering a limit never takes away what exists; the user removes it first).
 */
export function limitProblems(next: Limits, used: Limits, reseller?: Limits): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  for (const field of Object.keys(next) as (keyof Limits)[]) {
    if (reseller && next[field] > reseller[field]) {
      problems[field] = [`At most ${amount(field, reseller[field])}: the reseller's own limit.`];
    } else if (next[field] < used[field]) {
      problems[field] = [`At least ${amount(field, used[field])}: that many are in use.`];
    }
  }
  return problems;
}
