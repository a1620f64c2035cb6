import './server-only';
import type { Tx } from '../db/client';
import type { ImportPlan } from '../mail/import-plan';
import { reservedNameProblems } from '../mail/domain-ownership';
import { hostNames } from './domain-ownership';
import type { ImportCustomer, ImportHost } from './import-tenants';

// What an import would collide with in the panel: names and domains that exist already, logins and mailbox
// directories taken on the host, and limits it would pass. The dry run lists them; apply refuses while any
// is left, so an import never half-overwrites what the panel holds.

export interface ImportConflict {
  /** The domain, `customer/name`, or the limit concerned. */
  key: string;
  reason: string;
}

const MAX_LISTED = 1000;

export async function importConflicts(
  tx: Tx,
  plan: ImportPlan,
  host: ImportHost,
  customers: Map<string, ImportCustomer>,
): Promise<ImportConflict[]> {
  const out: ImportConflict[] = [];
  const hosts = await hostNames(tx);
  for (const d of plan.domains) {
    const problems = reservedNameProblems(d.name, hosts);
    if (problems.length > 0) out.push({ key: d.name, reason: problems.join(' ') });
  }
  const names = plan.domains.map((d) => d.name);
  for (let i = 0; i < names.length; i += 10_000) {
    const taken = await tx.domain.findMany({ where: { name: { in: names.slice(i, i + 10_000) } }, select: { name: true } });
    for (const t of taken) out.push({ key: t.name, reason: 'This domain is on the panel already.' });
  }
  if (host.id) out.push(...(await nameConflicts(tx, plan, host.id, customers)));
  out.push(...(await limitConflicts(tx, plan, customers)));
  return out.length > MAX_LISTED ? [...out.slice(0, MAX_LISTED), { key: '', reason: `…and ${out.length - MAX_LISTED} more.` }] : out;
}

async function nameConflicts(
  tx: Tx,
  plan: ImportPlan,
  mailHostId: string,
  customers: Map<string, ImportCustomer>,
): Promise<ImportConflict[]> {
  const out: ImportConflict[] = [];
  const existing = [...customers.values()].filter((c) => c.id);
  const ids = existing.map((c) => c.id!);
  const accounts = await tx.account.findMany({
    where: { mailHostId },
    select: { name: true, customerId: true, mailbox: true, legacyLogin: true },
  });
  const aliases = await tx.alias.findMany({ where: { mailHostId, customerId: { in: ids } }, select: { name: true, customerId: true } });
  const tags = await tx.customer.findMany({
    where: { OR: [{ accounts: { some: { mailHostId } } }, { aliases: { some: { mailHostId } } }] },
    select: { mailTag: true },
  });
  const own = new Set([...accounts.filter((a) => ids.includes(a.customerId)), ...aliases].map((n) => `${n.customerId}/${n.name}`));
  const mailboxes = new Set(accounts.map((a) => a.mailbox));
  const logins = new Set(accounts.flatMap((a) => (a.legacyLogin ? [a.legacyLogin] : [])));
  const tagPrefixes = [...tags.map((t) => t.mailTag), ...existing.map((c) => c.mailTag!)].map((t) => `${t}-`);
  for (const n of [...plan.accounts, ...plan.aliases]) {
    const customer = customers.get(n.customer);
    if (customer?.id && own.has(`${customer.id}/${n.name}`))
      out.push({ key: `${customer.name}/${n.name}`, reason: `${customer.name} has "${n.name}" on this host already.` });
  }
  for (const a of plan.accounts) {
    if (mailboxes.has(a.name)) out.push({ key: a.name, reason: `The mailbox directory "${a.name}" is taken on this host.` });
    if (logins.has(a.name)) out.push({ key: a.name, reason: `The login "${a.name}" is taken on this host.` });
    const prefix = tagPrefixes.find((p) => a.name.startsWith(p));
    if (prefix) out.push({ key: a.name, reason: `The login "${a.name}" reads like a name of a customer on this host ("${prefix}…").` });
  }
  return out;
}

async function limitConflicts(tx: Tx, plan: ImportPlan, customers: Map<string, ImportCustomer>): Promise<ImportConflict[]> {
  const out: ImportConflict[] = [];
  for (const c of customers.values()) {
    if (!c.id || !c.limits) continue;
    const need = {
      maxDomains: plan.domains.filter((d) => d.customer === c.name).length + (await tx.domain.count({ where: { customerId: c.id } })),
      maxAccounts: plan.accounts.filter((a) => a.customer === c.name).length + (await tx.account.count({ where: { customerId: c.id } })),
      maxAliases: plan.aliases.filter((a) => a.customer === c.name).length + (await tx.alias.count({ where: { customerId: c.id } })),
      maxVirtmaps:
        plan.virtmaps.filter((v) => v.customer === c.name).length + (await tx.virtmap.count({ where: { domain: { customerId: c.id } } })),
    };
    for (const [field, needed] of Object.entries(need) as [keyof typeof need, number][]) {
      if (needed > c.limits[field]) {
        out.push({
          key: `${c.name}/${field}`,
          reason: `${c.name} would have ${needed} ${field.slice(3).toLowerCase()}; its limit is ${c.limits[field]}.`,
        });
      }
    }
  }
  return out;
}
