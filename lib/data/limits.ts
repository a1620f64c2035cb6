import type { Tx } from '../db/client';
import { quotaRefusal, roomRefusal, type Countable, type Limits } from '../mail/limits';
import { DomainError } from './errors';
import { ofCustomer, ofResellersCustomers } from './scope';

// Limits for domains, accounts, aliases, virtmaps and quota, counted under a lock on the reseller row so two
// concurrent creations cannot both take the last free slot. Whether there is room, and what is said when
// there is not, is the pure rule's (lib/mail/limits.ts).

const FIELD = { domains: 'maxDomains', accounts: 'maxAccounts', aliases: 'maxAliases', virtmaps: 'maxVirtmaps' } as const;

/** A customer with the limit of `K` (and who it is, for the sentence and the counts). */
export type LimitedCustomer<K extends Countable> = { id: string; name: string; resellerId: string } & Record<(typeof FIELD)[K], number>;

/** The one limits lock: the reseller row, FOR UPDATE, with its limits. */
export async function lockReseller(tx: Tx, resellerId: string) {
  const [row] = await tx.$queryRaw<
    { maxDomains: number; maxAccounts: number; maxAliases: number; maxVirtmaps: number; maxQuotaMb: number }[]
  >`
    SELECT "maxDomains", "maxAccounts", "maxAliases", "maxVirtmaps", "maxQuotaMb" FROM "Reseller" WHERE id = ${resellerId}::uuid FOR UPDATE`;
  if (!row) throw new DomainError('The reseller no longer exists.');
  return row;
}

/** How many of `kind` the rows of one customer (ofCustomer) or of one reseller's customers hold. */
async function used(
  tx: Tx,
  kind: Countable,
  customer: ReturnType<typeof ofCustomer> | ReturnType<typeof ofResellersCustomers>,
): Promise<number> {
  switch (kind) {
    case 'domains':
      return tx.domain.count({ where: customer });
    case 'accounts':
      return tx.account.count({ where: customer });
    case 'aliases':
      return tx.alias.count({ where: customer });
    case 'virtmaps':
      return tx.virtmap.count({ where: { domain: customer } });
  }
}

/**
 * Refuses when adding `adding` more of `kind` would pass the customer's or the reseller's limit; with
 * `field`, the refusal is also that form field's error.
 */
export async function assertRoom<K extends Countable>(
  tx: Tx,
  kind: K,
  customer: LimitedCustomer<K>,
  adding = 1,
  field?: string,
): Promise<void> {
  const reseller = await lockReseller(tx, customer.resellerId);
  const limit = FIELD[kind];
  const refusal = roomRefusal(
    kind,
    adding,
    customer.name,
    { used: await used(tx, kind, ofCustomer(customer.id)), limit: customer[limit] },
    { used: await used(tx, kind, ofResellersCustomers(customer.resellerId)), limit: reseller[limit] },
  );
  if (refusal) throw new DomainError(refusal, field ? { [field]: [refusal] } : {});
}

/** Refuses a quota that would take the customer's or the reseller's accounts over their total. */
export async function assertQuotaRoom(
  tx: Tx,
  customer: { id: string; name: string; resellerId: string; maxQuotaMb: number },
  extraMb: number,
): Promise<void> {
  if (extraMb <= 0) return;
  const reseller = await lockReseller(tx, customer.resellerId);
  const sum = async (where: object) => (await tx.account.aggregate({ where, _sum: { quotaMb: true } }))._sum.quotaMb ?? 0;
  const refusal = quotaRefusal(
    extraMb,
    customer.name,
    { used: await sum(ofCustomer(customer.id)), limit: customer.maxQuotaMb },
    { used: await sum(ofResellersCustomers(customer.resellerId)), limit: reseller.maxQuotaMb },
  );
  if (refusal) throw new DomainError(refusal.message, { quotaMb: [refusal.quotaMb] });
}

/** What one customer (ofCustomer) or one reseller's customers (ofResellersCustomers) hold, limit by limit. */
export async function usedLimits(tx: Tx, owner: ReturnType<typeof ofCustomer> | ReturnType<typeof ofResellersCustomers>): Promise<Limits> {
  const quota = await tx.account.aggregate({ where: owner, _sum: { quotaMb: true } });
  return {
    maxDomains: await used(tx, 'domains', owner),
    maxAccounts: await used(tx, 'accounts', owner),
    maxAliases: await used(tx, 'aliases', owner),
    maxVirtmaps: await used(tx, 'virtmaps', owner),
    maxQuotaMb: quota._sum.quotaMb ?? 0,
  };
}
