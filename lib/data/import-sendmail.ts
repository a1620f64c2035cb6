import './server-only';
import type { Actor } from '../auth/actor';
import { storedHashFromLegacy } from '../auth/legacy-hash';
import { db } from '../db/client';
import { planImport, type ImportPlan, type SharedName } from '../mail/import-plan';
import type { KeptOut, LegacyHost } from '../mail/legacy-host';
import { emptyHostSnapshot, hostOrder, snapshotAfterImport } from '../mail/import-snapshot';
import type { MailSnapshot } from '../mail/snapshot';
import { inSlices } from '../mail/in-slices';
import { checkSnapshotInSlices } from '../mail/snapshot-checks';
import { recordAudit } from './audit';
import { DomainError } from './errors';
import { importConflicts, type ImportConflict } from './import-conflicts';
import { assertMayImport, importCustomers, importHost, type ImportCustomerChoice, type ImportHostChoice } from './import-tenants';
import { importedAccountColumns, writeRows, writeTenants, type ImportProgress } from './import-write';
import { readHostSnapshot } from './snapshots';
import { markHostChanged } from './sync-trigger';

// Import of an existing sendmail host (docs/import.md): what was read from its files (lib/mail/legacy-host.ts)
// becomes the panel's objects in ONE transaction, audited once, the host marked for sync. The dry run does
// the same writes and rolls them back, so what it reports — conflicts, the panel's rules on the result —
// is exactly what apply would meet. Apply refuses while a conflict or a broken rule is left.

export interface SendmailImportRequest {
  legacy: LegacyHost;
  host: ImportHostChoice;
  /** The customer every domain goes to unless `domainCustomers` names another. */
  customer: ImportCustomerChoice;
  /** A `domain,customer` mapping: those domains go to those (existing) customers. */
  domainCustomers?: Readonly<Record<string, string>>;
  dryRun: boolean;
  /** Where the files came from, for the audit entry ("directory /srv/old", "upload", "host mx1 over SSH"). */
  source: string;
  /** Told as the apply writes (a background import's progress bar). */
  progress?: ImportProgress;
}

export interface ImportReport {
  dryRun: boolean;
  /** True when the import was written. */
  applied: boolean;
  host: string;
  created: { domains: number; accounts: number; aliases: number; virtmaps: number; customers: string[]; host: boolean };
  keptOut: KeptOut[];
  conflicts: ImportConflict[];
  /** The panel's rules broken by the result (loops, dead ends): apply refuses while any is left. */
  problems: string[];
  shared: SharedName[];
  fallThroughLost: ImportPlan['fallThroughLost'];
  roleAddressesOpened: string[];
  /** Accounts that keep no password (locked, never set, empty): they receive mail but cannot log in. */
  noLogin: { name: string; reason: string }[];
  /** Domains that take mail only once their ownership is proven (a reseller's import). */
  awaitingProof: number;
  /** Milliseconds of each phase (plan, conflicts, read host, write and check together, and each of the two): what an import of this size costs. */
  phases: Record<string, number>;
}

/** Thrown inside the transaction to roll a dry run back after it has been checked. */
class DryRunDone extends Error {}

const IMPORT_TIMEOUT_MS = 600_000;
const MAX_PROBLEMS = 200;

export async function importSendmailHost(actor: Actor, request: SendmailImportRequest): Promise<ImportReport> {
  assertMayImport(actor);
  let report: ImportReport | undefined;
  try {
    await db().$transaction(
      async (tx) => {
        const host = await importHost(tx, actor, request.host);
        if (host.id) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`mailhost:${host.id}`}))`;
        const mapped = [...new Set(Object.values(request.domainCustomers ?? {}))].filter((name) => name !== request.customer.name);
        const customers = await importCustomers(tx, actor, [request.customer, ...mapped.map((name) => ({ name }))]);
        let mark = performance.now();
        const phases: Record<string, number> = {};
        const phase = (name: string) => {
          phases[name] = Math.round(performance.now() - mark);
          mark = performance.now();
        };
        const plan = planImport({
          legacy: request.legacy,
          defaultCustomer: request.customer.name,
          domainCustomers: request.domainCustomers,
          flavor: host.flavor,
        });
        phase('plan');
        const conflicts = await importConflicts(tx, plan, host, customers);
        phase('conflicts');
        report = reportOf(
          request,
          actor,
          host.name,
          plan,
          conflicts,
          !host.id,
          [...customers.values()].filter((c) => !c.id).map((c) => c.name),
        );
        if (conflicts.length > 0) {
          if (request.dryRun) return;
          throw new DomainError(`The import conflicts with what the panel holds (${conflicts.length}); see the dry run.`);
        }
        report.phases = phases;
        const ordered = hostOrder(plan);
        const written = await writeTenants(tx, actor, ordered, host, customers);
        const before = host.id ? await readHostSnapshot(host.id, tx) : emptyHostSnapshot({ name: host.name, flavor: host.flavor });
        const after = snapshotAfterImport(before, ordered, {
          tagOf: written.tagOf,
          domainsLive: actor.kind === 'admin',
          account: importedAccountColumns,
        });
        phase('read host');
        const problems = await writeWhileChecking(
          phases,
          (stopped) => writeRows(tx, actor, ordered, written, request.dryRun ? undefined : request.progress, stopped),
          after,
        );
        phase('write and check');
        report.problems = problems.slice(0, MAX_PROBLEMS);
        if (request.dryRun) throw new DryRunDone();
        if (problems.length > 0)
          throw new DomainError(`The imported host would break the panel's rules: ${problems.slice(0, 5).join(' ')}`);
        const single = written.customerIds.size === 1 ? [...written.customerIds.values()][0]! : null;
        const resellerId = single
          ? (await tx.customer.findUniqueOrThrow({ where: { id: single }, select: { resellerId: true } })).resellerId
          : null;
        await recordAudit(tx, actor, {
          action: 'import.sendmail',
          targetType: 'mailHost',
          targetId: written.hostId,
          resellerId,
          customerId: single,
          details: {
            ...report.created,
            host: host.name,
            newHost: report.created.host,
            source: request.source,
            keptOut: report.keptOut.length,
            noLogin: report.noLogin.length,
          },
        });
        for (const id of written.customerIds.values()) await markHostChanged(tx, written.hostId, id);
        report.applied = true;
      },
      { timeout: IMPORT_TIMEOUT_MS, maxWait: 30_000 },
    );
  } catch (error) {
    if (!(error instanceof DryRunDone)) throw error;
  }
  return report!;
}

/**
 * The rows written and the host they make checked, side by side: the database writes on its own core
 * while the checks run in slices between its replies (lib/mail/in-slices.ts), so a million rows are not
 * read back to be checked. Whichever fails first stops the other; both have ended when this returns.
 */
async function writeWhileChecking(
  phases: Record<string, number>,
  write: (stopped: () => boolean) => Promise<void>,
  after: MailSnapshot,
): Promise<string[]> {
  let failed = false;
  let first: unknown;
  const timed = async <T>(name: string, work: () => Promise<T>) => {
    const started = performance.now();
    try {
      return await work();
    } catch (error) {
      // The first failure is the one to report; the other side then only stopped because of it.
      if (!failed) first = error;
      failed = true;
      throw error;
    } finally {
      phases[name] = Math.round(performance.now() - started);
    }
  };
  const [wrote, checked] = await Promise.allSettled([
    timed('write', () => write(() => failed)),
    timed('check', () => inSlices(checkSnapshotInSlices(after), () => failed)),
  ]);
  if (wrote.status === 'rejected' || checked.status === 'rejected') throw first;
  return checked.value.map((f) => f.message);
}

function reportOf(
  request: SendmailImportRequest,
  actor: Actor,
  host: string,
  plan: ImportPlan,
  conflicts: ImportConflict[],
  newHost: boolean,
  newCustomers: string[],
): ImportReport {
  const noLogin: ImportReport['noLogin'] = [];
  for (const a of plan.accounts) {
    const hash = storedHashFromLegacy(a.passwordField);
    if (hash.kind === 'locked') noLogin.push({ name: a.name, reason: hash.reason });
  }
  return {
    dryRun: request.dryRun,
    applied: false,
    host,
    created: {
      domains: plan.domains.length,
      accounts: plan.accounts.length,
      aliases: plan.aliases.length,
      virtmaps: plan.virtmaps.length,
      customers: newCustomers,
      host: newHost,
    },
    keptOut: plan.keptOut,
    conflicts,
    problems: [],
    shared: plan.shared,
    fallThroughLost: plan.fallThroughLost,
    roleAddressesOpened: plan.roleAddressesOpened,
    noLogin,
    awaitingProof: actor.kind === 'admin' ? 0 : plan.domains.length,
    phases: {},
  };
}
