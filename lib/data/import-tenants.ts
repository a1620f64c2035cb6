import './server-only';
import type { Actor } from '../auth/actor';
import type { Tx } from '../db/client';
import { flavorOf, type Flavor } from '../mail/snapshot';
import { MailHostInput } from '../validation/mail-host';
import { DomainError, NotFoundError } from './errors';
import { customerScope, mailHostScope } from './scope';

// Who an import writes for: the mail host and the customers, found in the actor's own scope (a reseller
// imports into its hosts and its customers only), or described for creation in the import's own
// transaction (so a failed import leaves no host or customer behind).

/** The reseller an operator's new customers go under when nothing else is said. */
export const IMPORTED_RESELLER = 'imported';

export interface ImportHostChoice {
  name: string;
  /** Create it: a sendmail host with the local transport (the command line's --new-host). Operators only. */
  create?: { mapDir: string; settings: Record<string, unknown> };
}

export interface ImportCustomerChoice {
  name: string;
  /** Create it (the command line's --new-customer): under the acting reseller, or for an operator under "imported". */
  create?: boolean;
}

export interface ImportHost {
  id: string | null;
  name: string;
  /** What the host runs: a new one runs sendmail. */
  flavor: Flavor;
  create?: ImportHostChoice['create'];
}

export interface ImportCustomer {
  /** null: created by the import. */
  id: string | null;
  name: string;
  resellerId: string | null;
  mailTag: string | null;
  limits: { maxDomains: number; maxAccounts: number; maxAliases: number; maxVirtmaps: number; maxQuotaMb: number } | null;
}

export function assertMayImport(actor: Actor): void {
  // Imports are a host's business: operators and resellers (support only through an act-as session, where
  // the actor is the reseller). A customer's scope never holds a whole host.
  if (actor.kind !== 'admin' && actor.kind !== 'reseller') throw new NotFoundError('Importing a mail host');
}

export async function importHost(tx: Tx, actor: Actor, choice: ImportHostChoice): Promise<ImportHost> {
  const found = await tx.mailHost.findFirst({
    where: { AND: [mailHostScope(actor), { name: choice.name }] },
    select: { id: true, name: true, flavor: true },
  });
  if (choice.create) {
    if (actor.kind !== 'admin') throw new NotFoundError('Creating a mail host');
    if (found || (await tx.mailHost.count({ where: { name: choice.name } }))) {
      throw new DomainError(`A mail host called ${choice.name} exists already: leave out --new-host to import into it.`);
    }
    // The same checks as the mail host form: the name, a map directory under the allowed roots, the settings.
    const checked = MailHostInput.safeParse({
      name: choice.name,
      flavor: 'SENDMAIL',
      transport: 'LOCAL',
      mapDir: choice.create.mapDir,
      settings: choice.create.settings,
    });
    if (!checked.success) throw new DomainError(`The new mail host: ${checked.error.issues.map((i) => i.message).join(' ')}`);
    return {
      id: null,
      name: checked.data.name,
      flavor: 'sendmail',
      create: { mapDir: checked.data.mapDir, settings: checked.data.settings },
    };
  }
  if (!found) throw new NotFoundError(`Mail host ${choice.name}`);
  return { id: found.id, name: found.name, flavor: flavorOf(found.flavor) };
}

/** Finds (or describes for creation) each customer named; names are matched within the actor's tenant. */
export async function importCustomers(tx: Tx, actor: Actor, choices: ImportCustomerChoice[]): Promise<Map<string, ImportCustomer>> {
  const out = new Map<string, ImportCustomer>();
  for (const choice of choices) {
    if (out.has(choice.name)) continue;
    const found = await tx.customer.findMany({
      where: { AND: [customerScope(actor), { name: choice.name }] },
      select: {
        id: true,
        name: true,
        resellerId: true,
        mailTag: true,
        status: true,
        maxDomains: true,
        maxAccounts: true,
        maxAliases: true,
        maxVirtmaps: true,
        maxQuotaMb: true,
      },
      take: 2,
    });
    if (choice.create) {
      if (found.length > 0)
        throw new DomainError(`A customer called ${choice.name} exists already: leave out --new-customer to import into it.`);
      out.set(choice.name, {
        id: null,
        name: choice.name,
        resellerId: actor.kind === 'reseller' ? actor.resellerId : null,
        mailTag: null,
        limits: null,
      });
      continue;
    }
    if (found.length === 0) throw new NotFoundError(`Customer ${choice.name}`);
    if (found.length > 1) throw new DomainError(`Several resellers have a customer called ${choice.name}: import as that reseller.`);
    const c = found[0]!;
    if (c.status !== 'ACTIVE') throw new DomainError(`${c.name} is suspended: nothing can be imported for it.`);
    const { maxDomains, maxAccounts, maxAliases, maxVirtmaps, maxQuotaMb } = c;
    out.set(choice.name, {
      id: c.id,
      name: c.name,
      resellerId: c.resellerId,
      mailTag: c.mailTag,
      limits: { maxDomains, maxAccounts, maxAliases, maxVirtmaps, maxQuotaMb },
    });
  }
  return out;
}
