import type { ImportPlan, PlannedAccount } from './import-plan';
import type { MailSnapshot } from './snapshot';
import { compareText } from './text-order';

// The host as it will read once an import is written: what it held before plus the plan's objects, in
// the form and the order readHostSnapshot gives (lib/data/snapshots.ts). The import checks this while it
// writes, instead of reading a million rows back afterwards and checking them then (docs/import.md,
// "Figures"). The order matters: the checks name a loop from the first of its aliases they meet.
// tests/import-sendmail.test.ts compares it with the host read back from the database after the write.

export interface ImportedHostParts {
  /** The customer's tag (Customer.mailTag) for a plan's customer key. */
  tagOf: (customer: string) => string;
  /** True when the imported domains take mail at once (an operator's import); a reseller's await proof. */
  domainsLive: boolean;
  /** The columns an imported account is written with. */
  account: (a: PlannedAccount) => { passwordHash: string; quotaMb: number };
}

export function snapshotAfterImport(before: MailSnapshot, plan: ImportPlan, parts: ImportedHostParts): MailSnapshot {
  const domains = parts.domainsLive ? plan.domains : [];
  const owners = { ...before.domainOwners };
  for (const d of domains) owners[d.name] = parts.tagOf(d.customer);
  // Sorted as the database returns them (COLLATE "C": code-point order). Each list is two sorted runs
  // when the plan is in host order (hostOrder below), which the sort merges in one pass.
  const named = <T extends { owner?: string; name: string }>(list: T[]) =>
    list.sort((a, b) => compareText(a.owner ?? '', b.owner ?? '') || compareText(a.name, b.name));
  return {
    ...before,
    version: 2,
    domains: [...before.domains, ...domains.map((d) => d.name)].sort(compareText),
    domainOwners: owners,
    strictDomains: before.strictDomains ?? [],
    accounts: named([
      ...before.accounts,
      ...plan.accounts.map((a) => ({
        name: a.name,
        owner: parts.tagOf(a.customer),
        ...parts.account(a),
        mailbox: a.name,
        legacyLogin: a.name,
      })),
    ]),
    aliases: named([...before.aliases, ...plan.aliases.map((a) => ({ name: a.name, owner: parts.tagOf(a.customer), targets: a.targets }))]),
    virtmaps: [
      ...before.virtmaps,
      ...(parts.domainsLive ? plan.virtmaps.map((v) => ({ domain: v.domain, localPart: v.localPart, target: v.target })) : []),
    ].sort((a, b) => compareText(a.domain, b.domain) || compareText(a.localPart, b.localPart)),
  };
}

/**
 * The plan with its domains and virtmaps in the host's order (by name; by domain, then local part): the
 * order the write wants for its indexes and the snapshot above for the checks, sorted once for both.
 */
export function hostOrder(plan: ImportPlan): ImportPlan {
  return {
    ...plan,
    domains: [...plan.domains].sort((a, b) => compareText(a.name, b.name)),
    virtmaps: [...plan.virtmaps].sort((a, b) => compareText(a.domain, b.domain) || compareText(a.localPart, b.localPart)),
  };
}

/** A host that holds nothing yet, as readHostSnapshot reads it. */
export function emptyHostSnapshot(host: MailSnapshot['host']): MailSnapshot {
  return { version: 2, host, domains: [], domainOwners: {}, strictDomains: [], accounts: [], aliases: [], virtmaps: [] };
}
