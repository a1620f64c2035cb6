import type { LegacyAlias } from './legacy-host';
import type { VirtmapTarget } from './snapshot';
import { splitDetail } from './virtmap-lookup';

// Which customer each imported name belongs to (docs/tenancy.md: names are private to a customer). A name
// belongs to the customer whose domains' virtmaps reach it, directly or through alias chains; a name that no
// virtmap reaches (it answered only through the old host-wide fall-through) goes to the default customer.
// A name that the domains of several customers reach stays with the default customer when it is one of
// them, else with the first by name; the import plan keeps the others' virtmaps to it out and reports them.

export interface NameOwner {
  owner: string;
  /** Every customer whose domains reach the name. */
  customers: Set<string>;
}

export type NameOwners = Map<string, NameOwner>;

interface OwnersInput {
  virtmaps: readonly { customer: string; target: VirtmapTarget }[];
  aliases: readonly LegacyAlias[];
  defaultCustomer: string;
}

export function importOwners({ virtmaps, aliases, defaultCustomer }: OwnersInput): NameOwners {
  const next = new Map<string, string[]>();
  for (const alias of aliases) {
    next.set(
      alias.name,
      // `bob+news` reaches bob.
      alias.targets.flatMap((t) => (t.kind === 'name' ? [splitDetail(t.name).user] : t.kind === 'account' ? [t.name] : [])),
    );
  }
  const reached = new Map<string, Set<string>>();
  for (const v of virtmaps) {
    if (v.target.kind !== 'local') continue;
    // Follow the alias chain from the virtmap's name, each name once per customer.
    const stack = [v.target.name];
    while (stack.length > 0) {
      const name = stack.pop()!;
      let customers = reached.get(name);
      if (!customers) reached.set(name, (customers = new Set()));
      if (customers.has(v.customer)) continue;
      customers.add(v.customer);
      for (const target of next.get(name) ?? []) stack.push(target);
    }
  }
  const owners: NameOwners = new Map();
  for (const [name, customers] of reached) {
    const owner = customers.has(defaultCustomer) ? defaultCustomer : [...customers].sort()[0]!;
    owners.set(name, { owner, customers });
  }
  return owners;
}
