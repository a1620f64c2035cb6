import type { ImportPlan, PlannedAccount } from './import-plan';
import type { MailSnapshot } from './snapshot';

// The host as it will read once an import is written: what it held before plus the plan's objects, in
// the form readHostSnapshot gives (lib/data/snapshots.ts). The import checks this while it writes, instead
// of reading a million rows back afterwards and checking them then (docs/import.md, "Where the time goes").
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
  return {
    ...before,
    version: 2,
    domains: [...before.domains, ...domains.map((d) => d.name)],
    domainOwners: owners,
    strictDomains: before.strictDomains ?? [],
    accounts: [
      ...before.accounts,
      ...plan.accounts.map((a) => ({
        name: a.name,
        owner: parts.tagOf(a.customer),
        ...parts.account(a),
        mailbox: a.name,
        legacyLogin: a.name,
      })),
    ],
    aliases: [...before.aliases, ...plan.aliases.map((a) => ({ name: a.name, owner: parts.tagOf(a.customer), targets: a.targets }))],
    virtmaps: [
      ...before.virtmaps,
      ...(parts.domainsLive ? plan.virtmaps.map((v) => ({ domain: v.domain, localPart: v.localPart, target: v.target })) : []),
    ],
  };
}

/** A host that holds nothing yet, as readHostSnapshot reads it. */
export function emptyHostSnapshot(host: MailSnapshot['host']): MailSnapshot {
  return { version: 2, host, domains: [], domainOwners: {}, strictDomains: [], accounts: [], aliases: [], virtmaps: [] };
}
