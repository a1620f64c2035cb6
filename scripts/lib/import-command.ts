// `npm run mailpanel -- import sendmail …` (README, "Importing a sendmail host"): reads a host's files from a
// directory, as sendmail reads them, and imports them through the data layer (lib/data/import-sendmail.ts).
// Exit 0 on success (a dry run without conflicts included), 5 when the dry run found conflicts or broken
// rules, 1 on error; --report FILE writes the JSON report (docs/import.md).
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../../lib/auth/actor';
import { importSendmailHost, type ImportReport } from '../../lib/data/import-sendmail';
import type { LegacyFileName, LegacyFiles } from '../../lib/mail/legacy-host';
import { readLegacySendmail } from '../../lib/mailmaps/legacy-read';
import { decodeHostFile, parseCustomerMapping } from '../../lib/validation/import';
import { importReportJson } from '../../lib/web/import-report';

import { demoPublishMode } from './demo-data';
import { DATA_ROOT } from './panel-database';

export interface ImportOptions {
  host?: string;
  'new-host'?: boolean;
  customer?: string;
  'new-customer'?: boolean;
  customers?: string;
  from?: string;
  root?: string;
  'dry-run'?: boolean;
  report?: string;
}

const FILES: LegacyFileName[] = ['virtusertable', 'aliases', 'local-host-names', 'sendmail.cw', 'passwd', 'shadow'];

export class ImportUsageError extends Error {}

export async function importCommand(kind: string | undefined, values: ImportOptions, actor: () => Promise<Actor>): Promise<number> {
  if (kind !== 'sendmail') throw new ImportUsageError('import needs the kind of host: import sendmail …');
  if (!values.host) throw new ImportUsageError('import needs --host NAME');
  if (!values.customer) throw new ImportUsageError('import needs --customer NAME');
  if (!values.from) throw new ImportUsageError('import needs --from DIR');
  const from = path.resolve(values.from);
  const files = readFiles(from);
  const root = values.root ? path.resolve(values.root) : '/';
  const legacy = readLegacySendmail(files, (absolute) => readUnder(root, absolute));
  const report = await importSendmailHost(await actor(), {
    legacy,
    host: { name: values.host, ...(values['new-host'] ? { create: newHostSettings(values.host) } : {}) },
    customer: { name: values.customer, create: values['new-customer'] === true },
    domainCustomers: values.customers ? readMapping(values.customers) : undefined,
    dryRun: values['dry-run'] === true,
    source: `directory ${from}`,
  });
  if (values.report) await writeFile(values.report, `${JSON.stringify(importReportJson(report), null, 2)}\n`);
  printReport(report);
  if (report.conflicts.length > 0 || report.problems.length > 0) return 5;
  return 0;
}

function readFiles(dir: string): LegacyFiles {
  if (!existsSync(dir)) throw new ImportUsageError(`${dir} does not exist`);
  const files: LegacyFiles = {};
  for (const name of FILES) {
    const file = path.join(dir, name);
    if (existsSync(file)) files[name] = decodeHostFile(readFileSync(file));
  }
  if (Object.keys(files).length === 0) throw new ImportUsageError(`${dir} holds none of ${FILES.join(', ')}`);
  return files;
}

/** An `:include:` file named by its absolute path, read under --root; undefined when it does not exist. */
function readUnder(root: string, absolute: string): string | undefined {
  const file = path.join(root, path.normalize(absolute));
  if (!file.startsWith(root === '/' ? '/' : `${root}/`)) return undefined;
  try {
    return decodeHostFile(readFileSync(file));
  } catch {
    return undefined;
  }
}

/** The `domain,customer` mapping file (lib/validation/import.ts). */
function readMapping(file: string): Record<string, string> {
  const parsed = parseCustomerMapping(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new ImportUsageError(`${file}: ${parsed.problem}`);
  return parsed.value;
}

/** A new host publishes under the data directory, with the full rebuild where sendmail is installed. */
function newHostSettings(name: string) {
  const mapDir = path.join(DATA_ROOT, 'mailhost', name);
  const { mode } = demoPublishMode(mapDir);
  return { mapDir, settings: mode === 'files' ? { publishMode: 'files' } : {} };
}

function printReport(r: ImportReport): void {
  const what = r.applied ? 'Imported' : r.dryRun ? 'Dry run: would import' : 'Not imported';
  const c = r.created;
  console.log(`${what} into ${r.host}: ${c.domains} domains, ${c.accounts} accounts, ${c.aliases} aliases, ${c.virtmaps} virtmaps`);
  if (c.host) console.log(`  a new mail host ${r.host}`);
  for (const name of c.customers) console.log(`  a new customer ${name}`);
  if (r.awaitingProof > 0) console.log(`  ${r.awaitingProof} domains take mail once their ownership is proven (DNS or an operator)`);
  section(
    'Conflicts with the panel',
    r.conflicts.map((x) => `${x.key}: ${x.reason}`),
  );
  section('Broken panel rules in the result', r.problems);
  section(
    'Kept out',
    r.keptOut.map((k) => `${k.file}:${k.line}${k.lineEnd && k.lineEnd !== k.line ? `-${k.lineEnd}` : ''} ${k.key}: ${k.reason}`),
  );
  section(
    'Accounts that cannot log in',
    r.noLogin.map((n) => `${n.name}: ${n.reason}`),
  );
  section(
    'Names that several customers reach',
    r.shared.map((s) => `${s.name} (stays with ${s.owner}): ${s.addresses.join(', ')}`),
  );
  section(
    'Addresses the isolation rule stops',
    r.fallThroughLost.map(
      (f) => `${f.customer}'s names at other customers' domains: ${f.addresses} addresses, e.g. ${f.examples.join(', ')}`,
    ),
  );
}

function section(title: string, lines: string[]): void {
  if (lines.length === 0) return;
  console.log(`${title} (${lines.length}):`);
  for (const line of lines) console.log(`  ${line}`);
}
