import './server-only';
import type { Tx } from '../db/client';
import { changeProbes } from '../mail/probes';
import { ofCustomer } from './scope';

/** Whose names a change's review asks about: a customer's, on one mail host. */
export interface ProbeOwner {
  mailHostId: string;
  customerId: string;
}

export type ProbeAsk =
  /** `names` at each of the customer's enabled domains on the host (`first` asked before them). */
  | { names: string[]; first?: string }
  /**
   * At one domain: `names`, the customer's own account and alias names, with `keys` the domain's virtmap
   * keys, and with `anyOther` a name none of them is (standing for every other address there); `detailed`
   * local parts are also asked with a "+detail" (lib/mail/probes.ts).
   */
  | { domain: { id: string; name: string }; names?: string[]; keys?: boolean; anyOther?: boolean; detailed?: string[] };

/**
 * The addresses a change's review traces (lib/data/mail-change.ts), read in its transaction and chosen by
 * the one picker (lib/mail/probes.ts, changeProbes). Each list read is cut at `cap` rows, so that a review
 * on a host with a million names stays a review of the change.
 */
export async function reviewProbes(tx: Tx, owner: ProbeOwner, ask: ProbeAsk, cap: number): Promise<string[]> {
  if ('domain' in ask) {
    const where = { mailHostId: owner.mailHostId, ...ofCustomer(owner.customerId) };
    const keys = ask.keys ? await tx.virtmap.findMany({ where: { domainId: ask.domain.id }, select: { localPart: true }, take: cap }) : [];
    const accounts = await tx.account.findMany({ where, select: { name: true }, take: cap });
    const aliases = await tx.alias.findMany({ where, select: { name: true }, take: cap });
    const locals = [...(ask.names ?? []), ...keys.map((k) => k.localPart), ...accounts.map((a) => a.name), ...aliases.map((a) => a.name)];
    return changeProbes({ locals, domains: [ask.domain.name], anyOther: ask.anyOther, detailed: ask.detailed });
  }
  const domains = await tx.domain.findMany({
    where: { mailHostId: owner.mailHostId, ...ofCustomer(owner.customerId), enabled: true },
    select: { name: true },
    orderBy: { name: 'asc' },
    take: cap,
  });
  return changeProbes({ locals: ask.names, domains: [...(ask.first ? [ask.first] : []), ...domains.map((d) => d.name)] });
}
