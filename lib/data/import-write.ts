import './server-only';
import type { Actor } from '../auth/actor';
import { NO_LOGIN_HASH, storedHashFromLegacy } from '../auth/legacy-hash';
import type { Tx } from '../db/client';
import { orderedIds } from '../db/ordered-ids';
import { compareText } from '../mail/text-order';
import type { ImportPlan, PlannedAccount } from '../mail/import-plan';
import { freeMailTag } from './customer-tags';
import { IMPORTED_RESELLER, type ImportCustomer, type ImportHost } from './import-tenants';
import { aliasTargetColumns } from './alias-target-columns';
import { virtmapColumns } from './virtmap-columns';

// Writes an import's plan in the caller's transaction: the host and customers it creates, then domains,
// accounts, aliases and virtmaps in batches of 5,000 rows, each one INSERT … SELECT FROM unnest(one array
// per column): ten times faster than Prisma's createMany, whose statement carries a parameter per cell
// (measured at 100,000 lines: 120,000 virtmaps in 31 s with createMany, 3.2 s this way). The rows go in
// the order of their unique keys, with ids that ascend (lib/db/ordered-ids.ts): each index then grows at
// its right edge, which halved the write of 1.2M virtmaps (measured, docs/import.md). Nothing here
// decides: the plan (lib/mail/import-plan.ts) did, and the conflicts were checked.

/** An imported account's quota: the panel's default (the old host had none of its own to keep). */
export const IMPORT_QUOTA_MB = 1024;
const BATCH = 5_000;

/** A new customer's limits: the defaults, or what the import needs when that is more. */
const DEFAULT_LIMITS = { maxDomains: 10, maxAccounts: 100, maxAliases: 100, maxVirtmaps: 500, maxQuotaMb: 102_400 };

export interface Written {
  hostId: string;
  customerIds: Map<string, string>;
  /** A plan's customer key to that customer's tag (Customer.mailTag). */
  tagOf: (customer: string) => string;
}

/** Told after each batch: rows written so far, of all the import writes. */
export type ImportProgress = (done: number, total: number) => Promise<void> | void;

/** How many rows an import writes (what its progress counts to). */
export function importRows(plan: ImportPlan): number {
  const targets = plan.aliases.reduce((n, a) => n + a.targets.length, 0);
  return plan.domains.length + plan.accounts.length + plan.aliases.length + targets + plan.virtmaps.length;
}

/** The host and customers an import writes for: found, or created now. */
export async function writeTenants(
  tx: Tx,
  actor: Actor,
  plan: ImportPlan,
  host: ImportHost,
  customers: Map<string, ImportCustomer>,
): Promise<Written> {
  const hostId = host.id ?? (await createHost(tx, host));
  const customerIds = new Map<string, string>();
  for (const c of customers.values()) {
    const id = c.id ?? (await createCustomer(tx, c, plan));
    customerIds.set(c.name, id);
    const resellerId = c.resellerId ?? (await tx.customer.findUniqueOrThrow({ where: { id }, select: { resellerId: true } })).resellerId;
    // The host is one the customer's reseller may use (an operator's import assigns it).
    if (actor.kind === 'admin') {
      await tx.resellerMailHost.upsert({
        where: { resellerId_mailHostId: { resellerId, mailHostId: hostId } },
        create: { resellerId, mailHostId: hostId },
        update: {},
      });
    }
  }
  const tags = await tx.customer.findMany({ where: { id: { in: [...customerIds.values()] } }, select: { id: true, mailTag: true } });
  const tagById = new Map(tags.map((t) => [t.id, t.mailTag]));
  return { hostId, customerIds, tagOf: (customer) => tagById.get(customerIds.get(customer)!)! };
}

/**
 * The plan's domains, accounts, aliases and virtmaps, for the host and customers writeTenants gave. The
 * plan comes in host order (hostOrder, lib/mail/import-snapshot.ts): rows go in the order of their keys.
 */
export async function writeRows(
  tx: Tx,
  actor: Actor,
  plan: ImportPlan,
  { hostId, customerIds }: Written,
  progress: ImportProgress = () => {},
  stopped: () => boolean = () => false,
): Promise<void> {
  const total = importRows(plan);
  let done = 0;
  const batches = async <T>(rows: T[], write: (rows: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      // The checks beside the write failed: the transaction rolls back, so the rest is not sent.
      if (stopped()) throw new Error('The import stopped: its checks failed.');
      const slice = rows.slice(i, i + BATCH);
      await write(slice);
      done += slice.length;
      await progress(done, total);
    }
  };
  const idOf = (customer: string) => customerIds.get(customer)!;
  // An operator's import vouches for the domains (it runs their mail already); a reseller's waits for proof.
  const verifiedAt = actor.kind === 'admin' ? new Date() : null;
  const verifiedBy = actor.kind === 'admin' ? 'import' : null;
  const domains = plan.domains;
  const domainIdList = orderedIds(domains.length);
  const domainIds = new Map(domains.map((d, i) => [d.name, domainIdList[i]!]));
  await batches(
    domains.map((d, i) => ({ id: domainIdList[i]!, name: d.name, mailHostId: hostId, customerId: idOf(d.customer) })),
    (data) => tx.$executeRaw`
      INSERT INTO "Domain" (id, name, "mailHostId", "customerId", "verifiedAt", "verifiedBy", "updatedAt")
      SELECT i, n, h, c, ${verifiedAt}::timestamptz, ${verifiedBy}, now()
      FROM unnest(${data.map((r) => r.id)}::uuid[], ${data.map((r) => r.name)}::text[], ${data.map((r) => r.mailHostId)}::uuid[],
                  ${data.map((r) => r.customerId)}::uuid[]) AS u(i, n, h, c)`,
  );
  const accounts = [...plan.accounts].sort((a, b) => compareText(a.name, b.name));
  const accountIds = orderedIds(accounts.length);
  await batches(
    accounts.map((a, i) => {
      return {
        id: accountIds[i]!,
        mailHostId: hostId,
        customerId: idOf(a.customer),
        name: a.name,
        // The old host's names stay: its mailbox directory and its POP/IMAP login (docs/import.md).
        mailbox: a.name,
        legacyLogin: a.name,
        ...importedAccountColumns(a),
      };
    }),
    (data) => tx.$executeRaw`
      INSERT INTO "Account" (id, "mailHostId", "customerId", name, mailbox, "legacyLogin", "passwordHash", "quotaMb", "updatedAt")
      SELECT i, h, c, n, n, n, p, ${IMPORT_QUOTA_MB}, now()
      FROM unnest(${data.map((r) => r.id)}::uuid[], ${data.map((r) => r.mailHostId)}::uuid[], ${data.map((r) => r.customerId)}::uuid[], ${data.map((r) => r.name)}::text[],
                  ${data.map((r) => r.passwordHash)}::text[]) AS u(i, h, c, n, p)`,
  );
  const aliases = [...plan.aliases].sort((a, b) => compareText(a.name, b.name));
  const aliasIds = orderedIds(aliases.length);
  await batches(
    aliases.map((a, i) => ({ id: aliasIds[i]!, mailHostId: hostId, customerId: idOf(a.customer), name: a.name })),
    (data) => tx.$executeRaw`
      INSERT INTO "Alias" (id, "mailHostId", "customerId", name, "updatedAt")
      SELECT i, h, c, n, now()
      FROM unnest(${data.map((r) => r.id)}::uuid[], ${data.map((r) => r.mailHostId)}::uuid[], ${data.map((r) => r.customerId)}::uuid[],
                  ${data.map((r) => r.name)}::text[]) AS u(i, h, c, n)`,
  );
  const targets = aliases.flatMap((a, i) =>
    a.targets.map((t, position) => ({ aliasId: aliasIds[i]!, position, ...aliasTargetColumns(t) })),
  );
  const targetIds = orderedIds(targets.length);
  await batches(
    targets.map((t, i) => ({ id: targetIds[i]!, ...t })),
    (data) => tx.$executeRaw`
      INSERT INTO "AliasTarget" (id, "aliasId", position, kind, value)
      SELECT i, a, p, k::"AliasTargetKind", v
      FROM unnest(${data.map((r) => r.id)}::uuid[], ${data.map((r) => r.aliasId)}::uuid[], ${data.map((r) => r.position)}::int[], ${data.map((r) => r.kind)}::text[],
                  ${data.map((r) => r.value)}::text[]) AS u(i, a, p, k, v)`,
  );
  // In host order, the virtmaps are in the order of their (domainId, localPart) key: the domains' ids ascend with their names.
  const virtmaps = plan.virtmaps.map((v) => ({ domainId: domainIds.get(v.domain)!, localPart: v.localPart, target: v.target }));
  const virtmapIds = orderedIds(virtmaps.length);
  await batches(
    virtmaps.map((v, i) => ({ id: virtmapIds[i]!, domainId: v.domainId, localPart: v.localPart, ...virtmapColumns(v.target) })),
    (data) => tx.$executeRaw`
      INSERT INTO "Virtmap" (id, "domainId", "localPart", "targetKind", "targetValue", "rejectCode", "rejectStatus", "rejectText", "targetDetail", "keepDetail", "updatedAt")
      SELECT i, d, l, k::"VirtmapTargetKind", v, c::"RejectCode", s, t, e, p, now()
      FROM unnest(${data.map((r) => r.id)}::uuid[], ${data.map((r) => r.domainId)}::uuid[], ${data.map((r) => r.localPart)}::text[], ${data.map((r) => r.targetKind)}::text[],
                  ${data.map((r) => r.targetValue)}::text[], ${data.map((r) => r.rejectCode)}::text[], ${data.map((r) => r.rejectStatus)}::text[],
                  ${data.map((r) => r.rejectText)}::text[], ${data.map((r) => r.targetDetail)}::text[], ${data.map((r) => r.keepDetail)}::boolean[])
        AS u(i, d, l, k, v, c, s, t, e, p)`,
  );
}

/** The password and quota columns of an imported account (the import's snapshot uses the same). */
export function importedAccountColumns(a: PlannedAccount): { passwordHash: string; quotaMb: number } {
  const hash = storedHashFromLegacy(a.passwordField);
  return { passwordHash: hash.kind === 'hash' ? hash.stored : NO_LOGIN_HASH, quotaMb: IMPORT_QUOTA_MB };
}

async function createHost(tx: Tx, host: ImportHost): Promise<string> {
  const created = await tx.mailHost.create({
    data: {
      name: host.name,
      flavor: 'SENDMAIL',
      transport: 'LOCAL',
      mapDir: host.create!.mapDir,
      settings: host.create!.settings as object,
    },
    select: { id: true },
  });
  return created.id;
}

async function createCustomer(tx: Tx, c: ImportCustomer, plan: ImportPlan): Promise<string> {
  const mine = <T extends { customer: string }>(rows: T[]) => rows.filter((r) => r.customer === c.name).length;
  const limits = {
    maxDomains: Math.max(DEFAULT_LIMITS.maxDomains, mine(plan.domains)),
    maxAccounts: Math.max(DEFAULT_LIMITS.maxAccounts, mine(plan.accounts)),
    maxAliases: Math.max(DEFAULT_LIMITS.maxAliases, mine(plan.aliases)),
    maxVirtmaps: Math.max(DEFAULT_LIMITS.maxVirtmaps, mine(plan.virtmaps)),
    maxQuotaMb: Math.max(DEFAULT_LIMITS.maxQuotaMb, mine(plan.accounts) * IMPORT_QUOTA_MB),
  };
  const resellerId = c.resellerId ?? (await importedReseller(tx, limits));
  const created = await tx.customer.create({
    data: { resellerId, name: c.name, mailTag: await freeMailTag(tx, c.name), ...limits },
    select: { id: true },
  });
  return created.id;
}

/** The operator's reseller for imported customers, created on first use, its limits raised to fit. */
async function importedReseller(tx: Tx, need: typeof DEFAULT_LIMITS): Promise<string> {
  const found = await tx.reseller.findUnique({ where: { name: IMPORTED_RESELLER } });
  if (!found) return (await tx.reseller.create({ data: { name: IMPORTED_RESELLER, ...bigger(need, need) }, select: { id: true } })).id;
  const raised = bigger(found, need);
  await tx.reseller.update({ where: { id: found.id }, data: raised });
  return found.id;
}

function bigger(a: typeof DEFAULT_LIMITS, b: typeof DEFAULT_LIMITS) {
  // Generous: the reseller holds every imported customer, and each import adds to what it holds.
  const sum = (k: keyof typeof DEFAULT_LIMITS) => Math.min(2_000_000_000, Math.max(a[k], 0) + b[k] * 2);
  return {
    maxDomains: sum('maxDomains'),
    maxAccounts: sum('maxAccounts'),
    maxAliases: sum('maxAliases'),
    maxVirtmaps: sum('maxVirtmaps'),
    maxQuotaMb: sum('maxQuotaMb'),
  };
}
