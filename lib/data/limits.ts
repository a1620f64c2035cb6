import type { Tx } from '../db/client';
import { DomainError } from './errors';

// Limits for accounts, aliases, virtmaps and quota, checked under a lock on the reseller row so two
// concurrent creations cannot both take the last free slot (domains use the same lock).

export type Countable = 'accounts' | 'aliases' | 'virtmaps';

const FIELD = { accounts: 'maxAccounts', aliases: 'maxAliases', virtmaps: 'maxVirtmaps' } as const;

export async function lockReseller(tx: Tx, resellerId: string) {
  const [row] = await tx.$queryRaw<{ maxAccounts: number; maxAliases: number; maxVirtmaps: number; maxQuotaMb: number }[]>`
    SELECT "maxAccounts", "maxAliases", "maxVirtmaps", "maxQuotaMb" FROM "Reseller" WHERE id = ${resellerId}::uuid FOR UPDATE`;
  if (!row) throw new DomainError('The reseller no longer exists.');
  return row;
}

async function used(tx: Tx, kind: Countable, where: { customerId?: string; resellerId?: string }): Promise<number> {
  const customer = where.customerId ? { customerId: where.customerId } : { customer: { resellerId: where.resellerId } };
  switch (kind) {
    case 'accounts':
      return tx.account.count({ where: customer });
    case 'aliases':
      return tx.alias.count({ where: customer });
    case 'virtmaps':
      return tx.virtmap.count({ where: { domain: customer } });
  }
}

/** Refuses when adding `adding` more of `kind` would pass the customer's or the reseller's limit. */
export async function assertRoom(
  tx: Tx,
  kind: Countable,
  customer: { id: string; name: string; resellerId: string; maxAccounts: number; maxAliases: number; maxVirtmaps: number },
  adding = 1,
): Promise<void> {
  const reseller = await lockReseller(tx, customer.resellerId);
  const field = FIELD[kind];
  const ofCustomer = await used(tx, kind, { customerId: customer.id });
  if (ofCustomer + adding > customer[field]) {
    throw new DomainError(`${customer.name} has reached its limit of ${customer[field]} ${kind}.`);
  }
  const ofReseller = await used(tx, kind, { resellerId: customer.resellerId });
  if (ofReseller + adding > reseller[field]) {
    throw new DomainError(`Your reseller limit of ${reseller[field]} ${kind} is reached.`);
  }
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
  const ofCustomer = await sum({ customerId: customer.id });
  if (ofCustomer + extraMb > customer.maxQuotaMb) {
    throw new DomainError(
      `That quota would take ${customer.name} over its total of ${customer.maxQuotaMb} MiB (${ofCustomer} MiB in use).`,
      {
        quotaMb: [`At most ${Math.max(0, customer.maxQuotaMb - ofCustomer)} MiB more for ${customer.name}.`],
      },
    );
  }
  const ofReseller = await sum({ customer: { resellerId: customer.resellerId } });
  if (ofReseller + extraMb > reseller.maxQuotaMb) {
    throw new DomainError(`That quota would take your accounts over your total of ${reseller.maxQuotaMb} MiB.`, {
      quotaMb: [`At most ${Math.max(0, reseller.maxQuotaMb - ofReseller)} MiB more.`],
    });
  }
}
