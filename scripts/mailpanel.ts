// `npm run mailpanel -- <command>`: the operators' command line, and a way to check the panel from
// outside. See README.md ("Command line") and docs/snapshot.md for the snapshot file format.
//
//   trace <address> [--snapshot FILE | --as EMAIL [--host NAME]] [--flavor sendmail|postfix] [--json]
//   render --flavor sendmail|postfix|dovecot --out DIR [--snapshot FILE | --as EMAIL --host NAME]
//   snapshot --as EMAIL --host NAME        prints the host's snapshot file (password hashes redacted)
//   import sendmail --as EMAIL --host NAME [--new-host] --customer NAME [--new-customer] [--customers FILE]
//          --from DIR [--root DIR] [--dry-run] [--report FILE.json]     (scripts/lib/import-command.ts)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Actor } from '../lib/auth/actor';
import { disconnectDb } from '../lib/db/client';
import { isExpectedError, isHiddenOrMissing } from '../lib/data/errors';
import { traceForActor } from '../lib/data/routes';
import { actorByEmail } from '../lib/data/sessions';
import { loadHostSnapshotByName, loadHostSnapshotWithHashes } from '../lib/data/snapshots';
import { traceAddress } from '../lib/mail/resolve';
import { traceInOwnWords } from '../lib/mail/own-words';
import type { MailSnapshot } from '../lib/mail/snapshot';
import { checkSnapshot } from '../lib/mail/snapshot-checks';
import { hasRedactedHashes, REDACTED_HASH, redactHashes } from '../lib/mail/snapshot-redaction';
import { describeOutcome } from '../lib/mail/trace-summary';
import type { Trace } from '../lib/mail/trace-types';
import { renderFiles, type RenderTarget } from '../lib/sync/render-host';
import { parseSnapshotFile } from '../lib/validation/snapshot-file';
import { importCommand, ImportUsageError } from './lib/import-command';
import { MAX_SHARDS } from '../lib/mail/map-shards';
import { openPanelDatabase, type PanelDatabase } from './lib/panel-database';

class UsageError extends Error {}

const OPTIONS = {
  snapshot: { type: 'string' },
  as: { type: 'string' },
  host: { type: 'string' },
  flavor: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  uid: { type: 'string' },
  gid: { type: 'string' },
  home: { type: 'string' },
  shards: { type: 'string' },
  'new-host': { type: 'boolean' },
  customer: { type: 'string' },
  'new-customer': { type: 'boolean' },
  customers: { type: 'string' },
  from: { type: 'string' },
  root: { type: 'string' },
  'dry-run': { type: 'boolean' },
  report: { type: 'string' },
} as const;

type Options = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command, ...rest] = positionals;
  let database: PanelDatabase | null = null;
  const db = async () => {
    database ??= await openPanelDatabase();
    process.env.DATABASE_URL = database.url;
    return database;
  };
  try {
    switch (command) {
      case 'trace':
        return await trace(rest[0], values, db);
      case 'render':
        return await render(values, db);
      case 'snapshot': {
        // Also a file given with --snapshot is printed without its hashes: what this prints is read by people.
        const snapshot = redactHashes(await snapshotFrom(values, db));
        process.stdout.write(`${JSON.stringify(snapshot, null, 2)}\n`);
        return 0;
      }
      case 'import':
        await db();
        return await importCommand(rest[0], values, () => actor(values));
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    }
  } finally {
    await disconnectDb();
    await (database as PanelDatabase | null)?.release();
  }
}

async function trace(address: string | undefined, values: Options, db: () => Promise<PanelDatabase>): Promise<number> {
  if (!address) throw new UsageError('trace needs an address');
  const flavor = values.flavor === 'sendmail' || values.flavor === 'postfix' ? values.flavor : undefined;
  let result: Trace;
  if (values.snapshot || values.host) {
    const snapshot = await snapshotFrom(values, db);
    // A snapshot with owners (version 2) is answered in its customers' words, each account with its owner.
    result = traceInOwnWords(traceAddress(snapshot, address, flavor ?? snapshot.host.flavor), snapshot, true);
  } else {
    await db();
    result = await traceForActor(await actor(values), address);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else printTrace(result);
  return result.rcpt.accepted ? 0 : 3;
}

async function render(values: Options, db: () => Promise<PanelDatabase>): Promise<number> {
  const target = values.flavor;
  if (target !== 'sendmail' && target !== 'postfix' && target !== 'dovecot')
    throw new UsageError('render needs --flavor sendmail|postfix|dovecot');
  if (!values.out) throw new UsageError('render needs --out DIR');
  // An admin's render of a host's Dovecot files carries the real hashes, into the files only (mode 0600).
  const withHashes = target === 'dovecot' && !values.snapshot && values.host;
  const snapshot = withHashes ? await hostWithHashes(values, db) : await snapshotFrom(values, db);
  if (target === 'dovecot' && hasRedactedHashes(snapshot)) {
    // The command line never sees a hash (lib/mail/snapshot-redaction.ts): a passwd-file from here would lock everyone out.
    console.error(
      `Not rendered: the password hashes are redacted ("${REDACTED_HASH}"), and a Dovecot passwd-file needs them. The sync publishes dovecot-passwd itself.`,
    );
    return 1;
  }
  const problems = checkSnapshot(snapshot);
  if (problems.length > 0) {
    console.error("The snapshot breaks the panel's rules, so it is not rendered:");
    for (const p of problems) console.error(`  - ${p.message}`);
    return 1;
  }
  const ids = { uid: Number(values.uid ?? 5000), gid: Number(values.gid ?? 5000) };
  if (!Number.isInteger(ids.uid) || !Number.isInteger(ids.gid)) throw new UsageError('--uid and --gid must be numbers');
  // The per-domain maps in shards, as a host with that many map shards gets them (docs/publishing.md, "Shards").
  const shards = Number(values.shards ?? 1);
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS)
    throw new UsageError(`--shards must be a whole number from 1 to ${MAX_SHARDS}`);
  let files: Record<string, string>;
  try {
    files = renderFiles(target as RenderTarget, snapshot, { ...ids, homeBase: values.home ?? '/var/mail/vhosts' }, shards);
  } catch (error) {
    // The renderers refuse anything they cannot write safely; say why instead of a stack trace.
    console.error(`Not rendered: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  await mkdir(values.out, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await writeFile(path.join(values.out, name), text, { mode: target === 'dovecot' ? 0o600 : 0o644 });
    console.log(`${path.join(values.out, name)} (${Buffer.byteLength(text)} bytes)`);
  }
  return 0;
}

async function snapshotFrom(values: Options, db: () => Promise<PanelDatabase>): Promise<MailSnapshot> {
  if (values.snapshot) {
    const parsed = parseSnapshotFile(await readFile(values.snapshot, 'utf8'));
    if (!parsed.ok) throw new UsageError(`${values.snapshot} is not a valid snapshot:\n  ${parsed.problems.join('\n  ')}`);
    return parsed.snapshot;
  }
  if (!values.host) throw new UsageError('give --snapshot FILE, or --as EMAIL with --host NAME');
  await db();
  return loadHostSnapshotByName(await actor(values), values.host);
}

async function hostWithHashes(values: Options, db: () => Promise<PanelDatabase>): Promise<MailSnapshot> {
  await db();
  return loadHostSnapshotWithHashes(await actor(values), values.host!);
}

async function actor(values: Options): Promise<Actor> {
  if (!values.as) throw new UsageError('reading the database needs --as EMAIL: the command sees what that login may see');
  const found = await actorByEmail(values.as);
  if (!found) throw new UsageError(`${values.as} is not an active login`);
  return found;
}

function printTrace(trace: Trace): void {
  console.log(`${trace.address} (${trace.flavor})`);
  for (const line of describeOutcome(trace)) console.log(`  ${line}`);
  console.log('because:');
  for (const step of trace.steps) console.log(`  ${'  '.repeat(step.depth)}- ${step.text}`);
  for (const d of trace.differences) console.log(`  note: ${d}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ImportUsageError) {
      console.error(`mailpanel: ${error.message}`);
      console.error('usage: npm run mailpanel -- trace <address> [--snapshot FILE | --as EMAIL [--host NAME]] [--json]');
      console.error(
        '       npm run mailpanel -- render --flavor sendmail|postfix|dovecot --out DIR [--snapshot FILE | --as EMAIL --host NAME] [--shards N]',
      );
      console.error('       npm run mailpanel -- snapshot --as EMAIL --host NAME');
      console.error(
        '       npm run mailpanel -- import sendmail --as EMAIL --host NAME [--new-host] --customer NAME [--new-customer] [--customers FILE] --from DIR [--root DIR] [--dry-run] [--report FILE.json]',
      );
      process.exit(2);
    }
    if (isExpectedError(error)) {
      // Said in words, as the panel would; exit 4 for "not found or not allowed", 1 for any other refusal.
      console.error(`mailpanel: ${error.message}`);
      process.exit(isHiddenOrMissing(error) ? 4 : 1);
    }
    console.error('mailpanel failed:', error);
    process.exit(1);
  },
);
