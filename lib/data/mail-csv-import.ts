import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { parseMailCsv, type MailCsvProblem, type MailCsvRow } from '../mail/mail-csv';
import { normalizeAccountName, normalizeAliasName, normalizeVirtmapLocalPart } from '../mail/names';
import { NO_LOGIN_HASH } from '../mail/no-login-hash';
import type { AliasTarget, VirtmapTarget } from '../mail/snapshot';
import { checkSnapshot } from '../mail/snapshot-checks';
import { formatAliasTarget, formatVirtmapTarget, normalizeExternalAddress, parseAliasTargets, parseVirtmapTarget } from '../mail/targets';
import { hostName } from '../mail/tenancy';
import { freeMailbox } from './accounts';
import { recordAudit } from './audit';
import { DomainError, NotFoundError } from './errors';
import { assertQuotaRoom, assertRoom } from './limits';
import { customerScope, hostsOfReseller } from './scope';
import { readHostSnapshot } from './snapshots';
import { aliasTarget, aliasTargetColumns } from './alias-target-columns';
import { virtmapColumns, virtmapTarget } from './virtmap-columns';
import { markHostChanged } from './sync-trigger';

// Import of the mail CSV (lib/mail/mail-csv.ts): every row is read against what the panel holds, in the
// actor's tenant. A row that names nothing yet is created; one equal to what exists is "unchanged" (so an
// export imported again is a no-op); one that differs is a problem of its row (the CSV creates, it does not
// overwrite). All rows or none: any problem refuses the whole file. The dry run makes the writes, checks the
// panel's rules on the result, and rolls back. New accounts get no password from a CSV (none is exported):
// they receive mail and cannot log in until one is set on the account page.

export interface CsvImportReport {
  dryRun: boolean;
  applied: boolean;
  created: { accounts: number; aliases: number; virtmaps: number };
  unchanged: number;
  problems: MailCsvProblem[];
}

interface Owner {
  customer: {
    id: string;
    name: string;
    mailTag: string;
    resellerId: string;
    maxAccounts: number;
    maxAliases: number;
    maxVirtmaps: number;
    maxDomains: number;
    maxQuotaMb: number;
  };
  hostId: string;
}

type Planned =
  | { kind: 'account'; owner: Owner; name: string; quotaMb: number; enabled: boolean; login: string | null }
  | { kind: 'alias'; owner: Owner; name: string; targets: AliasTarget[] }
  | { kind: 'virtmap'; owner: Owner; domainId: string; localPart: string; target: VirtmapTarget };

class DryRunDone extends Error {}

export async function importMailCsv(actor: Actor, text: string, dryRun: boolean): Promise<CsvImportReport> {
  if (actor.kind !== 'admin' && actor.kind !== 'reseller' && actor.kind !== 'customer') throw new NotFoundError('Importing a CSV');
  const parsed = parseMailCsv(text);
  const report: CsvImportReport = {
    dryRun,
    applied: false,
    created: { accounts: 0, aliases: 0, virtmaps: 0 },
    unchanged: 0,
    problems: parsed.problems,
  };
  try {
    await db().$transaction(
      async (tx) => {
        const planned: Planned[] = [];
        const owners = new Map<string, Owner | string>();
        for (const row of parsed.rows) {
          const owner = await ownerOf(tx, actor, row, owners);
          if (typeof owner === 'string') report.problems.push({ row: row.row, message: owner });
          else {
            const outcome = await judgeRow(tx, row, owner);
            if (outcome === 'unchanged') report.unchanged++;
            else if (typeof outcome === 'string') report.problems.push({ row: row.row, message: outcome });
            else planned.push(outcome);
          }
        }
        if (report.problems.length > 0) return;
        const hosts = [...new Set(planned.map((p) => p.owner.hostId))].sort();
        for (const id of hosts) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`mailhost:${id}`}))`;
        await assertQuotas(tx, planned);
        await write(tx, planned, report);
        for (const id of hosts) {
          for (const f of checkSnapshot(await readHostSnapshot(id, tx))) report.problems.push({ row: 0, message: f.message });
        }
        if (report.problems.length > 0 || dryRun) throw new DryRunDone();
        await finish(tx, actor, planned, report);
        report.applied = true;
      },
      { timeout: 600_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (!(error instanceof DryRunDone)) throw error;
  }
  if (report.problems.length > 0) {
    // Told next to the file field, each with its row (a spreadsheet's row number; 0: the result as a whole).
    const told = report.problems.slice(0, MAX_TOLD).map((p) => (p.row > 0 ? `Row ${p.row}: ${p.message}` : p.message));
    if (report.problems.length > MAX_TOLD) told.push(`…and ${report.problems.length - MAX_TOLD} more.`);
    throw new DomainError(`Nothing was imported: ${report.problems.length} rows have problems.`, { file_csv: told });
  }
  return report;
}

const MAX_TOLD = 50;

/** The customer and host a row names, found in the actor's tenant (cached per pair). */
async function ownerOf(tx: Tx, actor: Actor, row: MailCsvRow, cache: Map<string, Owner | string>): Promise<Owner | string> {
  const key = `${row.customer}\u0000${row.host}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const customers = await tx.customer.findMany({
    where: { AND: [customerScope(actor), { name: row.customer }] },
    select: {
      id: true,
      name: true,
      mailTag: true,
      resellerId: true,
      status: true,
      maxAccounts: true,
      maxAliases: true,
      maxVirtmaps: true,
      maxDomains: true,
      maxQuotaMb: true,
    },
    take: 2,
  });
  let owner: Owner | string;
  if (customers.length !== 1)
    owner = customers.length === 0 ? `No customer called "${row.customer}".` : `Several customers are called "${row.customer}".`;
  else if (customers[0]!.status !== 'ACTIVE') owner = `${customers[0]!.name} is suspended.`;
  else {
    const host = await tx.mailHost.findFirst({
      where: { name: row.host, ...hostsOfReseller(customers[0]!.resellerId) },
      select: { id: true },
    });
    owner = host ? { customer: customers[0]!, hostId: host.id } : `No mail host called "${row.host}" for ${customers[0]!.name}.`;
  }
  cache.set(key, owner);
  return owner;
}

/** What a row is: new (planned), the same as what exists, or why it cannot be taken. */
async function judgeRow(tx: Tx, row: MailCsvRow, owner: Owner): Promise<Planned | 'unchanged' | string> {
  const where = { mailHostId: owner.hostId, customerId: owner.customer.id };
  switch (row.kind) {
    case 'account': {
      const name = normalizeAccountName(row.name);
      if (!name.ok) return name.problems.join(' ');
      const quotaMb = Number(row.quotaMb || '1024');
      if (!Number.isSafeInteger(quotaMb) || quotaMb < 1) return 'quota_mb must be a whole number of MiB, 1 or more.';
      if (!['', 'yes', 'no'].includes(row.enabled.toLowerCase())) return 'enabled must be yes or no.';
      const enabled = row.enabled.toLowerCase() !== 'no';
      let login: string | null = null;
      if (row.target !== '') {
        const address = normalizeExternalAddress(row.target);
        if (!address.ok) return `The login address: ${address.problems.join(' ')}`;
        login = address.value.toLowerCase();
      }
      const existing = await tx.account.findFirst({
        where: { ...where, name: name.value },
        select: { quotaMb: true, enabled: true, loginAddress: true },
      });
      if (!existing) return { kind: 'account', owner, name: name.value, quotaMb, enabled, login };
      const same = existing.quotaMb === quotaMb && existing.enabled === enabled && (login === null || existing.loginAddress === login);
      return same ? 'unchanged' : `The account ${name.value} exists with other values; change it on its page (a CSV only creates).`;
    }
    case 'alias': {
      const name = normalizeAliasName(row.name);
      if (!name.ok) return name.problems.join(' ');
      const targets = parseAliasTargets(row.target);
      if (!targets.ok) return targets.problems.join(' ');
      const existing = await tx.alias.findFirst({
        where: { ...where, name: name.value },
        select: { targets: { select: { kind: true, value: true } } },
      });
      if (!existing) return { kind: 'alias', owner, name: name.value, targets: targets.value };
      const had = existing.targets.map((t) => formatAliasTarget(aliasTarget(t)).toLowerCase()).sort();
      const given = targets.value.map((t) => formatAliasTarget(t).toLowerCase()).sort();
      return had.join(',') === given.join(',')
        ? 'unchanged'
        : `The alias ${name.value} exists with other targets; change it on its page (a CSV only creates).`;
    }
    case 'virtmap': {
      const domain = await tx.domain.findFirst({ where: { ...where, name: row.domain.toLowerCase() }, select: { id: true } });
      if (!domain) return `${row.customer} has no domain "${row.domain}" on ${row.host}.`;
      const local = normalizeVirtmapLocalPart(row.name);
      if (!local.ok) return local.problems.join(' ');
      const target = parseVirtmapTarget(row.target);
      if (!target.ok) return target.problems.join(' ');
      const existing = await tx.virtmap.findUnique({ where: { domainId_localPart: { domainId: domain.id, localPart: local.value } } });
      if (!existing) return { kind: 'virtmap', owner, domainId: domain.id, localPart: local.value, target: target.value };
      const now = formatVirtmapTarget(virtmapTarget(existing));
      const key = `${local.value}@${row.domain}`;
      return now === formatVirtmapTarget(target.value)
        ? 'unchanged'
        : `${key} exists with another target; change it on its domain's page (a CSV only creates).`;
    }
  }
}

/** The new accounts' quotas fit each customer's and its reseller's totals, as the account form's do. */
async function assertQuotas(tx: Tx, planned: Planned[]): Promise<void> {
  const adding = new Map<string, { customer: Owner['customer']; mb: number }>();
  for (const p of planned) {
    if (p.kind !== 'account') continue;
    const entry = adding.get(p.owner.customer.id) ?? { customer: p.owner.customer, mb: 0 };
    entry.mb += p.quotaMb;
    adding.set(p.owner.customer.id, entry);
  }
  for (const { customer, mb } of adding.values()) await assertQuotaRoom(tx, customer, mb);
}

async function write(tx: Tx, planned: Planned[], report: CsvImportReport): Promise<void> {
  for (const p of planned) {
    if (p.kind === 'account') {
      const { customer, hostId } = p.owner;
      await tx.account.create({
        data: {
          name: p.name,
          customerId: customer.id,
          mailHostId: hostId,
          passwordHash: NO_LOGIN_HASH,
          quotaMb: p.quotaMb,
          enabled: p.enabled,
          loginAddress: p.login,
          mailbox: await freeMailbox(tx, hostId, hostName(customer.mailTag, p.name)),
        },
      });
      report.created.accounts++;
    } else if (p.kind === 'alias') {
      const alias = await tx.alias.create({
        data: { name: p.name, customerId: p.owner.customer.id, mailHostId: p.owner.hostId },
        select: { id: true },
      });
      await tx.aliasTarget.createMany({
        data: p.targets.map((t, position) => ({ aliasId: alias.id, position, ...aliasTargetColumns(t) })),
      });
      report.created.aliases++;
    } else {
      await tx.virtmap.create({ data: { domainId: p.domainId, localPart: p.localPart, ...virtmapColumns(p.target) } });
      report.created.virtmaps++;
    }
  }
}

/** Limits, one audit entry per host and customer, and the sync marks. */
async function finish(tx: Tx, actor: Actor, planned: Planned[], report: CsvImportReport): Promise<void> {
  const groups = new Map<string, Planned[]>();
  for (const p of planned) {
    const key = `${p.owner.hostId}/${p.owner.customer.id}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const group of groups.values()) {
    const { customer, hostId } = group[0]!.owner;
    const count = (kind: Planned['kind']) => group.filter((p) => p.kind === kind).length;
    for (const [kind, adding] of [
      ['accounts', count('account')],
      ['aliases', count('alias')],
      ['virtmaps', count('virtmap')],
    ] as const) {
      if (adding > 0) await assertRoom(tx, kind, customer, 0);
    }
    await recordAudit(tx, actor, {
      action: 'import.csv',
      targetType: 'mailHost',
      targetId: hostId,
      resellerId: customer.resellerId,
      customerId: customer.id,
      details: { accounts: count('account'), aliases: count('alias'), virtmaps: count('virtmap'), unchanged: report.unchanged },
    });
    await markHostChanged(tx, hostId, customer.id);
  }
}
