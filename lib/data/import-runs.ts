import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import path from 'node:path';
import type { LegacyFiles, LegacyHost } from '../mail/legacy-host';
import { readLegacySendmail } from '../mailmaps/legacy-read';
import { IMPORT_FILE_FIELDS, parseCustomerMapping, type ImportUploadInput } from '../validation/import';
import { DomainError, NotFoundError } from './errors';
import { importSendmailHost, type ImportReport, type SendmailImportRequest } from './import-sendmail';
import { assertMayImport } from './import-tenants';
import { logUnexpected } from './log-unexpected';
import { customerScope, mailHostScope } from './scope';
import { loadActor } from './sessions';
import { actingActor } from './support-sessions';

// An import from the browser: its dry run is kept as an ImportRun with what was read and its report; apply
// queues the run, and a worker imports exactly that (importSendmailHost), writing its progress to the row
// as it goes, so the page shows a progress bar and the report stays downloadable afterwards.

/** What a run keeps of its request: everything but the progress callback. */
type StoredRequest = Omit<SendmailImportRequest, 'progress' | 'dryRun'> & { legacy: LegacyHost };

/** A run is the business of the login that started it; operators see every run. */
function runScope(actor: Actor): Prisma.ImportRunWhereInput {
  if (actor.kind === 'admin' || actor.kind === 'support') return {};
  if (actor.kind === 'reseller') return { userId: actor.userId, resellerId: actor.resellerId };
  return { id: '00000000-0000-0000-0000-000000000000' };
}

/** The host an import page is about, in the actor's scope, with the customers it may import for. */
export async function importTarget(actor: Actor, mailHostId: string) {
  assertMayImport(actor);
  const host = await db().mailHost.findFirst({
    where: { AND: [mailHostScope(actor), { id: mailHostId }] },
    select: { id: true, name: true, flavor: true },
  });
  if (!host) throw new NotFoundError('That mail host');
  const customers = await db().customer.findMany({
    where: { AND: [customerScope(actor), { status: 'ACTIVE' }] },
    orderBy: { name: 'asc' },
    take: 1000,
    select: { name: true },
  });
  return { ...host, customers: customers.map((c) => c.name) };
}

/** The browser's upload of a host's files: read as sendmail reads them, then the dry run, kept. */
export async function previewUploadedImport(actor: Actor, mailHostId: string, input: ImportUploadInput) {
  const host = await importTarget(actor, mailHostId);
  const mapping = parseCustomerMapping(input.file_customers);
  if (!mapping.ok) throw new DomainError(`The customers file: ${mapping.problem}`, { file_customers: [mapping.problem] });
  const files: LegacyFiles = {};
  for (const [field, name] of Object.entries(IMPORT_FILE_FIELDS)) {
    const text = input[field as keyof typeof IMPORT_FILE_FIELDS];
    if (text !== '') files[name] = text;
  }
  // An `:include:/etc/mail/lists/staff` is matched with the uploaded file of that name ("staff").
  const legacy = readLegacySendmail(files, (absolute) => input.file_includes[path.posix.basename(absolute)]);
  return previewImport(actor, {
    legacy,
    host: { name: host.name },
    customer: { name: input.customer, create: input.newCustomer },
    domainCustomers: Object.keys(mapping.value).length > 0 ? mapping.value : undefined,
    source: 'files uploaded in the browser',
  });
}

/** The dry run, kept: returns the run's id and its report. */
export async function previewImport(actor: Actor, request: Omit<SendmailImportRequest, 'dryRun' | 'progress'>) {
  assertMayImport(actor);
  if (!('userId' in actor)) throw new NotFoundError('Importing a mail host');
  const report = await importSendmailHost(actor, { ...request, dryRun: true });
  const supportSessionId = 'actingAs' in actor ? actor.actingAs?.supportSessionId : undefined;
  const stored = { ...request, supportSessionId };
  const run = await db().importRun.create({
    data: {
      userId: actor.userId,
      resellerId: actor.kind === 'reseller' ? actor.resellerId : null,
      hostName: report.host,
      request: stored as unknown as Prisma.InputJsonValue,
      report: report as unknown as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
  return { id: run.id, report };
}

/** Operators (support too: it reads) and resellers see runs; nobody else has any. */
function assertMaySeeRuns(actor: Actor): void {
  if (actor.kind === 'customer' || actor.kind === 'mailbox') throw new NotFoundError('That import');
}

export async function getImportRun(actor: Actor, id: string) {
  assertMaySeeRuns(actor);
  const run = await db().importRun.findFirst({
    where: { AND: [runScope(actor), { id }] },
    select: {
      id: true,
      hostName: true,
      status: true,
      report: true,
      done: true,
      total: true,
      error: true,
      createdAt: true,
      finishedAt: true,
      user: { select: { email: true } },
    },
  });
  if (!run) throw new NotFoundError('That import');
  return { ...run, report: run.report as unknown as ImportReport };
}

/** What the progress bar polls: small, and the same scope as the run. */
export async function importProgress(actor: Actor, id: string) {
  assertMaySeeRuns(actor);
  const run = await db().importRun.findFirst({
    where: { AND: [runScope(actor), { id }] },
    select: { hostName: true, status: true, done: true, total: true, error: true },
  });
  if (!run) throw new NotFoundError('That import');
  return run;
}

/** Apply: the run goes from PREVIEWED to QUEUED once (a second click, or a replay, changes nothing). */
export async function queueImport(actor: Actor, id: string): Promise<{ id: string }> {
  assertMayImport(actor);
  const run = await getImportRun(actor, id);
  if (run.report.conflicts.length > 0 || run.report.problems.length > 0) {
    throw new DomainError('This import has conflicts or breaks the panel’s rules: fix the files and run the dry run again.');
  }
  const { count } = await db().importRun.updateMany({
    where: { AND: [runScope(actor), { id, status: 'PREVIEWED' }] },
    data: { status: 'QUEUED' },
  });
  if (count === 0 && run.status === 'PREVIEWED') throw new NotFoundError('That import');
  return { id };
}

/**
 * The background job: imports what the run holds, as the login that started it — checked again now (a
 * suspended login or an act-as session that ended imports nothing). Progress and the outcome go to the row.
 */
export async function runQueuedImport(id: string): Promise<void> {
  const { count } = await db().importRun.updateMany({ where: { id, status: 'QUEUED' }, data: { status: 'RUNNING' } });
  if (count === 0) return;
  const run = await db().importRun.findUniqueOrThrow({ where: { id }, select: { userId: true, request: true } });
  const request = run.request as unknown as StoredRequest & { supportSessionId?: string };
  try {
    const actor = await actorOf(run.userId, request.supportSessionId);
    if (!actor) throw new DomainError('The login that started this import may no longer import.');
    let last = 0;
    const report = await importSendmailHost(actor, {
      ...request,
      dryRun: false,
      progress: async (done, total) => {
        // At most a few writes a second: the bar moves, the database is not kept busy with it.
        if (done < total && Date.now() - last < 250) return;
        last = Date.now();
        await db().importRun.update({ where: { id }, data: { done, total } });
      },
    });
    await db().importRun.update({
      where: { id },
      data: { status: 'DONE', report: report as unknown as Prisma.InputJsonValue, finishedAt: new Date() },
    });
  } catch (error) {
    const expected = error instanceof DomainError || error instanceof NotFoundError;
    if (!expected) logUnexpected('import run', error);
    const message = expected ? error.message : 'The import failed; nothing was imported. The panel’s log says why.';
    await db().importRun.update({ where: { id }, data: { status: 'FAILED', error: message, finishedAt: new Date() } });
  }
}

async function actorOf(userId: string, supportSessionId: string | undefined): Promise<Actor | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  const actor = user && (await loadActor(userId, user.sessionVersion));
  if (!actor || !supportSessionId) return actor;
  if (actor.kind !== 'support') return null;
  const session = await db().supportSession.findUnique({ where: { id: supportSessionId }, select: { userSessionId: true } });
  return session ? actingActor(actor, session.userSessionId) : null;
}
