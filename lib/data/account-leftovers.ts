import './server-only';
import type { Tx } from '../db/client';
import { formatVirtmapKey } from '../mail/targets';
import { DomainError } from './errors';
import { ofCustomer } from './scope';

// What else goes when an account is deleted, decided in the delete's own transaction so that the account,
// its addresses and the alias entries that name it go in one reviewed change (one confirm, one publish).
// Without this, deleting an account that has an address was refused: the address would send mail to a
// name that no longer exists (DOMAIN.md, rule 8: refuse it when it is saved).

export interface AccountLeftovers {
  /** Its own addresses (virtmaps `key → name`), deleted with it. */
  addresses: string[];
  /** Aliases that send to it among other targets: it is taken out of them; they keep the others. */
  aliasesTrimmed: string[];
  /** Sentences for the review, in the customer's own words. */
  notes: string[];
}

interface Gone {
  name: string;
  mailHostId: string;
  customer: { id: string };
}

/** Finds what points at the account only (deleted) or among others (trimmed), and removes it. */
export async function removeAccountLeftovers(tx: Tx, account: Gone): Promise<AccountLeftovers> {
  const mine = { ...ofCustomer(account.customer.id), mailHostId: account.mailHostId };
  // An alias of the same name takes mail for the name before the account does (DOMAIN.md, precedence 1):
  // then `name` keeps meaning the alias, and only `\name` (the account itself) stops existing.
  const shadowed = (await tx.alias.count({ where: { ...mine, name: account.name } })) > 0;
  const addresses = shadowed ? [] : await removeOwnAddresses(tx, account);
  const aliasesTrimmed = await trimAliases(tx, mine, account.name, shadowed);
  const notes: string[] = [];
  if (addresses.length > 0) {
    notes.push(`${addresses.length === 1 ? 'Its address goes' : `Its ${addresses.length} addresses go`} with it: ${addresses.join(', ')}.`);
  }
  for (const alias of aliasesTrimmed) {
    notes.push(`${account.name} is taken out of the alias ${alias}, which keeps sending to its other targets.`);
  }
  return { addresses, aliasesTrimmed, notes };
}

/** The virtmaps that send to the name, on the customer's domains on the account's host. */
async function removeOwnAddresses(tx: Tx, account: Gone): Promise<string[]> {
  const where = {
    targetKind: 'LOCAL' as const,
    targetValue: account.name,
    domain: { ...ofCustomer(account.customer.id), mailHostId: account.mailHostId },
  };
  const rows = await tx.virtmap.findMany({
    where,
    select: { id: true, localPart: true, domain: { select: { name: true } } },
    orderBy: [{ domain: { name: 'asc' } }, { localPart: 'asc' }],
  });
  await tx.virtmap.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  return rows.map((r) => formatVirtmapKey(r.domain.name, r.localPart));
}

/**
 * Takes the account out of the customer's aliases that name it among other targets. An alias whose only
 * target is the account refuses the delete, naming the alias: deleting the alias too would change what its
 * own addresses do, which is the user's call.
 */
async function trimAliases(tx: Tx, mine: { customerId: string; mailHostId: string }, name: string, shadowed: boolean): Promise<string[]> {
  const kinds = shadowed ? (['ACCOUNT_DIRECT'] as const) : (['LOCAL', 'ACCOUNT_DIRECT'] as const);
  const aliases = await tx.alias.findMany({
    // `name+detail` (LOCAL) names the account too.
    where: {
      ...mine,
      targets: {
        some: {
          OR: [
            { value: name, kind: { in: [...kinds] } },
            { value: { startsWith: `${name}+` }, kind: 'LOCAL' },
          ],
        },
      },
    },
    select: { id: true, name: true, targets: { select: { id: true, kind: true, value: true } } },
    orderBy: { name: 'asc' },
  });
  const naming = (alias: (typeof aliases)[number]) =>
    alias.targets.filter(
      (t) => (t.value === name && (kinds as readonly string[]).includes(t.kind)) || (t.kind === 'LOCAL' && t.value.startsWith(`${name}+`)),
    );
  const only = aliases.filter((a) => naming(a).length === a.targets.length).map((a) => a.name);
  if (only.length > 0) {
    const which = only.length === 1 ? `The alias ${only[0]} sends` : `The aliases ${only.join(', ')} send`;
    throw new DomainError(`${which} mail only to ${name}: change or delete ${only.length === 1 ? 'it' : 'them'} first.`);
  }
  for (const alias of aliases) await tx.aliasTarget.deleteMany({ where: { id: { in: naming(alias).map((t) => t.id) } } });
  return aliases.map((a) => a.name);
}
