import './server-only';
import type { Tx } from '../db/client';
import type { AliasTarget } from '../mail/snapshot';
import { aliasTargetColumns } from './alias-target-columns';
import { DomainError } from './errors';
import { reservedNameProblems } from '../mail/domain-ownership';
import { MAX_ALIAS_TARGETS, TOO_MANY_TARGETS } from '../mail/targets';
import { hostNames } from './domain-ownership';
import { ofCustomer } from './scope';

export function targetRows(targets: AliasTarget[]) {
  return targets.map((t, position) => ({ position, ...aliasTargetColumns(t) }));
}

/**
 * Local targets must be the customer's own accounts or aliases on the host (names are the customer's own:
 * docs/tenancy.md); an address reaches anyone else's. `\name` must be an account. `alsoAllowed` are names
 * created in the same change. Addresses at a mail host itself are refused (assertNotTheHost).
 */
export async function assertOwnTargets(
  tx: Tx,
  customerId: string,
  mailHostId: string,
  targets: readonly (AliasTarget | { kind: 'local'; name: string })[],
  alsoAllowed: string[] = [],
): Promise<void> {
  // The forms cap the list already; this holds for every caller (undo, imports, scripts).
  if (targets.length > MAX_ALIAS_TARGETS)
    throw new DomainError(TOO_MANY_TARGETS, { targets: [TOO_MANY_TARGETS], target: [TOO_MANY_TARGETS] });
  await assertNotTheHost(
    tx,
    targets.flatMap((t) => (t.kind === 'external' ? [t.address.slice(t.address.lastIndexOf('@') + 1)] : [])),
  );
  const names = [...new Set(targets.flatMap((t) => (t.kind === 'local' || t.kind === 'account' ? [t.name] : [])))].filter(
    (n) => !alsoAllowed.includes(n),
  );
  if (names.length === 0) return;
  // One after the other: a transaction's queries share one connection.
  const accounts = await tx.account.findMany({
    where: { ...ofCustomer(customerId), mailHostId, name: { in: names } },
    select: { name: true },
  });
  const aliases = await tx.alias.findMany({
    where: { ...ofCustomer(customerId), mailHostId, name: { in: names } },
    select: { name: true },
  });
  const accountNames = new Set(accounts.map((a) => a.name));
  const known = new Set([...accountNames, ...aliases.map((a) => a.name)]);
  const problems: string[] = [];
  for (const t of targets) {
    if (t.kind === 'external' || t.kind === 'discard' || alsoAllowed.includes(t.name)) continue;
    if (t.kind === 'account' && !accountNames.has(t.name))
      problems.push(`\\${t.name}: there is no account ${t.name} of yours on this mail host.`);
    else if (t.kind === 'local' && !known.has(t.name))
      problems.push(`${t.name}: there is no account or alias ${t.name} of yours on this mail host.`);
  }
  if (problems.length > 0) throw new DomainError(problems.join(' '), { targets: problems, target: problems });
}

/**
 * Mail may not be sent on to an address at a mail host itself (`x@mx.example`, `x@localhost`) or at a
 * special-use name: there the host's own names answer — another customer's mailbox `tag-joe` included —
 * past every domain's rules (docs/tenancy.md). Said for any host, the same answer whoever holds what.
 */
export async function assertNotTheHost(tx: Tx, domains: readonly string[]): Promise<void> {
  if (domains.length === 0) return;
  const hosts = await hostNames(tx);
  const problems = [...new Set(domains.map((d) => d.toLowerCase()))]
    .filter((d) => reservedNameProblems(d, hosts).length > 0)
    .map(
      (d) =>
        `Mail cannot be forwarded to an address at ${d}: that is a mail host's own name or a special-use name, not a customer's domain.`,
    );
  if (problems.length > 0) throw new DomainError(problems.join(' '), { targets: problems, target: problems });
}
