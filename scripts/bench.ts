// `npm run bench [-- --addresses N] [--domains D] [--changes C] [--flavor postfix|sendmail] [--shards S] [--full-runs R] [--keep]`: how the sync job does on a big mail host
// (issue 4, item 6). A fresh embedded PostgreSQL under .data/bench, one Postfix-flavoured host (local
// transport, maps under .data/bench/mailhost) seeded in SQL with N addresses (default 1,000,000 over
// 100,000 domains, with accounts, aliases and catch-alls: scripts/lib/bench-seed.ts), and the real sync
// worker in a child process. Then:
//   1. a full publish, triggered as an edit triggers it (changeSeq bumped → NOTIFY → debounce → job):
//      each phase, the total, and the floor — postmap/postalias run by hand on the same files — and the ratio;
//      5 times (`--full-runs R`), each a first publish by a fresh worker: the ratio line is their median;
//   2. 20 changes (`--changes N`), one after another, each saved through the panel's data layer
//      (updateVirtmap: the preview, then the confirmed save) → from its commit, the time until
//      `postmap -q KEY hash:<mapDir>/current/virtual` answers the new value (`--flavor sendmail`: a
//      sendmail host instead, built with makemap, and `editmap -q hash …/virtusertable KEY`);
//   3. the worker process's peak resident memory (VmHWM).
//   4. the list pages' and the search's data functions on the same host (scripts/bench/lists-and-search.ts),
//      and this process's peak resident memory (it ran the panel's data layer, as the web process does);
//   5. the import of a legacy sendmail host with a 1,000,000-line virtusertable (scripts/bench/import.ts).
// The output ends with the lines for scripts: ratio publish/floor, one change live p95, save p95, list p95,
// worker peak RSS, web peak RSS, then the import's: ratio database/makemap, import 1M, ratio import/makemap.
// `npm run bench -- --lists`: the list pages and the top bar's search at 100,000 addresses instead
// (scripts/bench/lists-and-search.ts).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { hashMailboxPassword } from '../lib/auth/mailbox-password';
import { applyMigrations } from '../lib/db/migrate';
import { benchImport, importLines } from './bench/import';
import { benchListsAndSearch, timeListCases } from './bench/lists-and-search';
import { disconnectDb } from '../lib/db/client';
import { BenchWorker } from './lib/bench-child';
import { postfixMta, type BenchMta } from './lib/bench-postfix';
import { sendmailMta } from './lib/bench-sendmail';
import { int, machineLines, mb, peakRssMb, percentile, PHASES, phaseLines, say, secs, targetLines } from './lib/bench-report';
import { panelSaver, type PanelSave } from './lib/bench-panel-save';
import { bumpChangeSeq, changedKey, seedBench, type BenchChange, type BenchShape, type SeededHost } from './lib/bench-seed';
import { createDatabase, ensurePostgres, withDatabase } from './lib/postgres';
import { freePort } from './lib/free-port';
import { MAX_SHARDS } from '../lib/mail/map-shards';

const ROOT = path.resolve('.data/bench');
const MAP_DIR = path.join(ROOT, 'mailhost');
const PUBLISHED = /^published (\S+) revision (\d+) \(changeSeq (\d+)\) in (\d+) ms \(its record (\d+) ms\)$/;
const FAILED = /^publish of \S+ failed/;
const PUBLISH_TIMEOUT_MS = 30 * 60_000;
/**
 * The bench's host splits its per-domain maps in 16 (docs/publishing.md, "Shards"): a change then writes
 * and copies one shard (a sixteenth of a million-address map) instead of the whole map.
 */
const DEFAULT_SHARDS = 16;
/** The issue's goal for a full publish is a median of 5 (issue 15). */
const FULL_RUNS = 5;

interface Options extends BenchShape {
  keep: boolean;
  changes: number;
  flavor: 'postfix' | 'sendmail';
  /** HostSettings.mapShards of the bench's host (`--shards N`, default 16; 1 is the one-file layout). */
  shards: number;
  /** Full publishes, each a first one from a fresh worker (`--full-runs N`, default 5): the ratio is their median. */
  fullRuns: number;
}

function parseArgs(argv: string[]): Options {
  const value = (name: string): number | undefined => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    const raw = argv[i]?.includes('=') ? argv[i]?.split('=')[1] : argv[i + 1];
    const n = Number(String(raw).replaceAll('_', '').replaceAll(',', ''));
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} wants a positive whole number (got ${raw})`);
    return n;
  };
  const addresses = value('addresses') ?? 1_000_000;
  const domains = value('domains') ?? Math.max(1, Math.round(addresses / 10));
  if (addresses < domains * 2)
    throw new Error('--addresses must be at least twice --domains (each domain has a catch-all and an account address).');
  const changes = value('changes') ?? CHANGES;
  if (changes > domains) throw new Error('--changes may be at most --domains (each change lands on a domain of its own).');
  const flavorAt = argv.findIndex((a) => a === '--flavor' || a.startsWith('--flavor='));
  const flavor = flavorAt < 0 ? 'postfix' : argv[flavorAt]?.includes('=') ? argv[flavorAt]?.split('=')[1] : argv[flavorAt + 1];
  if (flavor !== 'postfix' && flavor !== 'sendmail') throw new Error(`--flavor is postfix or sendmail (got ${flavor})`);
  const shards = value('shards') ?? DEFAULT_SHARDS;
  if (shards > MAX_SHARDS) throw new Error(`--shards is at most ${MAX_SHARDS}`);
  const fullRuns = value('full-runs') ?? FULL_RUNS;
  return { addresses, domains, keep: argv.includes('--keep'), changes, flavor, shards, fullRuns };
}

async function runRow(url: string, hostId: string, revision: number): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ phases: Record<string, number> }>(
      `SELECT phases FROM "SyncRun" WHERE "mailHostId" = $1 AND revision = $2`,
      [hostId, revision],
    );
    return rows[0]?.phases ?? {};
  } finally {
    await client.end();
  }
}

/** The worker's publish, or an error carrying the failed run's recorded reason (the tool's own words). */
async function publishedRun(
  url: string,
  hostId: string,
  pending: Promise<RegExpExecArray>,
): Promise<{ revision: number; ms: number; recordMs: number }> {
  try {
    const m = await pending;
    return { revision: Number(m[2]), ms: Number(m[4]), recordMs: Number(m[5]) };
  } catch (error) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ failedPhase: string; error: string }>(
        `SELECT "failedPhase", error FROM "SyncRun" WHERE "mailHostId" = $1 AND status = 'FAILED' ORDER BY "startedAt" DESC LIMIT 1`,
        [hostId],
      );
      const run = rows[0];
      throw new Error(run ? `the publish failed in ${run.failedPhase}: ${run.error}` : (error as Error).message);
    } finally {
      await client.end();
    }
  }
}

interface FullRun {
  totalMs: number;
  floorMs: number;
  ratio: number;
}

async function fullPublish(url: string, host: SeededHost, worker: BenchWorker, mta: BenchMta, of: string): Promise<FullRun> {
  say(`full publish ${of} (revision 1), triggered like an edit: changeSeq bumped, the worker notified`);
  const published = worker.nextLine(PUBLISHED, FAILED, PUBLISH_TIMEOUT_MS);
  const started = performance.now();
  await bumpChangeSeq(url, host.id);
  const run = await publishedRun(url, host.id, published);
  const totalMs = run.ms;
  say(`  from the change to the recorded run: ${int(performance.now() - started)} ms (the debounce and the queue included)`);
  const phases = await runRow(url, host.id, run.revision);
  for (const line of phaseLines(phases, totalMs, run.recordMs)) say(line);

  say('floor: the same files built by hand, one after another (the publish builds 4 at a time)');
  const floor = await mta.floor(path.join(MAP_DIR, 'current'), path.join(ROOT, 'floor'));
  for (const f of floor)
    say(`    ${f.file.padEnd(10)} ${int(f.lines).padStart(10)} lines ${mb(f.bytes).padStart(9)} ${int(f.ms).padStart(8)} ms`);
  const floorMs = floor.reduce((s, f) => s + f.ms, 0);
  say(`    ${'total'.padEnd(10)} ${''.padStart(30)} ${int(floorMs).padStart(8)} ms`);
  const ratio = totalMs / Math.max(1, floorMs);
  say(`  publish / floor = ${int(totalMs)} / ${int(floorMs)} = ${ratio.toFixed(2)}`);
  // Where the ratio comes from: what runs before the files (reading the host), beside them (the render
  // hands each file to the publisher as it makes it) and after them (the run's record).
  const filesMs = totalMs - (phases.load ?? 0) - (phases.connect ?? 0) - run.recordMs;
  say(
    `  the files (render, upload, build, check, swap … prune, overlapping) = ${int(filesMs)} ms = ${(filesMs / Math.max(1, floorMs)).toFixed(2)} x the floor; load ${int(phases.load ?? 0)} ms, record ${int(run.recordMs)} ms`,
  );
  return { totalMs, floorMs, ratio };
}

/**
 * Undoes a full publish so the next is a first one again: the map directory and the host's runs go, and
 * the host has nothing live (the caller starts a fresh worker, which remembers nothing of the last).
 */
async function forgetPublished(url: string, hostId: string): Promise<void> {
  await rm(MAP_DIR, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DELETE FROM "SyncRun" WHERE "mailHostId" = $1`, [hostId]); // its SyncFile rows go with it (cascade)
    await client.query(
      `UPDATE "MailHost" SET "liveRevision" = 0, "syncedSeq" = 0, "lastSyncAt" = NULL, "failingSince" = NULL, "lastError" = NULL WHERE id = $1`,
      [hostId],
    );
  } finally {
    await client.end();
  }
}

/** The median full publish of `runs` (by ratio; the middle one of an odd count). */
function medianRun(runs: readonly FullRun[]): FullRun {
  const sorted = [...runs].sort((a, b) => a.ratio - b.ratio);
  return sorted[Math.floor((sorted.length - 1) / 2)] as FullRun;
}

/** The changes the bench makes one after another (`--changes N`): the p95s are over these. */
const CHANGES = 20;

interface ChangeFigures {
  liveMs: number[];
  saveMs: number[];
}

/**
 * `count` changes, one after another, each saved through the panel's data layer, then waited for until
 * the host's map answers the new value (`postmap -q`, or sendmail's `editmap -q`). The first is told in detail.
 */
async function changes(url: string, host: SeededHost, shape: BenchShape, worker: BenchWorker, mta: BenchMta, count: number) {
  const figures: ChangeFigures = { liveMs: [], saveMs: [] };
  const panel = await panelSaver(url);
  try {
    say(`${count} changes, one after another, each saved through the panel's data layer as an administrator and waited for on the host`);
    for (let k = 0; k < count; k++) {
      const { saveMs, liveMs } = await oneChange(url, host, changedKey(shape, k, count), worker, mta, panel.save, k === 0);
      figures.saveMs.push(saveMs);
      figures.liveMs.push(liveMs);
    }
  } finally {
    await panel.close();
  }
  say(
    `  save (preview and confirmation): median ${int(percentile(figures.saveMs, 50))} ms, p95 ${int(percentile(figures.saveMs, 95))} ms; saved -> live: median ${int(percentile(figures.liveMs, 50))} ms, p95 ${int(percentile(figures.liveMs, 95))} ms`,
  );
  return figures;
}

async function oneChange(
  url: string,
  host: SeededHost,
  change: BenchChange,
  worker: BenchWorker,
  mta: BenchMta,
  save: (change: BenchChange) => Promise<PanelSave>,
  detail: boolean,
): Promise<{ saveMs: number; liveMs: number }> {
  const map = path.join(MAP_DIR, 'current', mta.changedMap(change.key));
  const before = await mta.lookUp(map, change.key);
  const want = before?.replace(change.before, change.after);
  if (!before || want === before) throw new Error(`${change.key} answers ${before ?? 'nothing'} before the change`);
  let failed: Error | undefined;
  const pending = publishedRun(url, host.id, worker.nextLine(PUBLISHED, FAILED, PUBLISH_TIMEOUT_MS)).catch((error: Error) => {
    failed = error;
    return null;
  });
  const saving = await save(change);
  const saved = performance.now();
  let lookups = 0;
  for (;;) {
    lookups += 1;
    if ((await mta.lookUp(map, change.key)) === want) break;
    if (failed) throw failed;
    if (performance.now() - saved > PUBLISH_TIMEOUT_MS) throw new Error(`${change.key} still does not answer ${want}`);
    // Every lookup is a process: past the first second, ten a second, so the polling does not take the
    // CPU the publish is measured on (docs/publishing.md, figures: "bench polling").
    await new Promise((r) => setTimeout(r, performance.now() - saved < 1_000 ? 10 : 100));
  }
  const liveMs = performance.now() - saved;
  const run = await pending;
  if (!run) throw failed ?? new Error('the publish failed');
  const phases = await runRow(url, host.id, run.revision);
  const saveMs = saving.previewMs + saving.ms;
  say(
    `  ${change.key} ${before} -> ${want}: save ${int(saveMs)} ms (preview ${int(saving.previewMs)}, confirmed ${int(saving.ms)}), live ${int(liveMs)} ms after it (${lookups} lookups); publish ${int(run.ms)} ms: ${PHASES.filter(
      (p) => phases[p] !== undefined,
    )
      .map((p) => `${p} ${int(phases[p] ?? 0)}`)
      .join(', ')}`,
  );
  if (detail) {
    // The change answers from the switch on (swap); the run is recorded after it.
    const toSwitch = run.ms - run.recordMs - (phases.reload ?? 0) - (phases.prune ?? 0);
    say(
      `    the review of the preview showed ${saving.routeChanges} route change; of the wait, ${int(toSwitch)} ms are the publish up to the switch, the other ${int(liveMs - toSwitch)} ms the debounce, the queue, the lock and the lookup`,
    );
    for (const line of phaseLines(phases, run.ms, run.recordMs)) say(`  ${line}`);
  }
  return { saveMs, liveMs };
}

async function main(): Promise<void> {
  // `--lists`: the list pages and the search at 100,000 addresses instead (scripts/bench/lists-and-search.ts).
  if (process.argv.includes('--lists')) return benchListsAndSearch(process.argv.slice(2));
  // `--import`: only the import of a legacy sendmail host (scripts/bench/import.ts).
  if (process.argv.includes('--import')) {
    for (const line of importLines(await benchImport(process.argv.slice(2)))) say(line);
    return;
  }
  const options = parseArgs(process.argv.slice(2));
  say(
    `mailpanel bench: ${int(options.addresses)} addresses over ${int(options.domains)} domains, one ${options.flavor === 'sendmail' ? 'sendmail' : 'Postfix'}-flavoured host, local transport, its per-domain maps in ${options.shards} shard${options.shards === 1 ? '' : 's'}`,
  );
  const mta =
    options.flavor === 'sendmail' ? sendmailMta(options.shards) : await postfixMta(path.join(ROOT, 'postfix-config'), options.shards);
  say(`  map tools: ${mta.describe}`);
  let t = performance.now();
  const server = await ensurePostgres({ dataDir: path.join(ROOT, 'pg'), port: await freePort(), fresh: true });
  let worker: BenchWorker | undefined;
  try {
    await createDatabase(server.url, 'mailpanel_bench');
    const url = withDatabase(server.url, 'mailpanel_bench');
    await applyMigrations(url);
    say(`postgres: fresh embedded cluster in .data/bench/pg, migrated, in ${secs(performance.now() - t)}`);
    await rm(MAP_DIR, { recursive: true, force: true });
    t = performance.now();
    const passwordHash = await hashMailboxPassword('bench password 1');
    const host = await seedBench(url, options, {
      name: 'bench-mx',
      mapDir: MAP_DIR,
      flavor: mta.flavor,
      settings: mta.settings,
      passwordHash,
    });
    say(
      `seed (SQL): ${int(options.domains)} domains, ${int(host.accounts)} accounts, ${int(host.aliases)} aliases, ${int(host.virtmaps)} virtmaps in ${secs(performance.now() - t)}`,
    );

    const startWorker = () => BenchWorker.start(url, (line) => (process.env.BENCH_VERBOSE ? say(`  [worker] ${line}`) : undefined));
    worker = await startWorker();
    const idle = await worker.memory();
    say(
      `worker: the sync worker (lib/jobs/worker.ts, default settings, drift check off) in a child process; idle RSS ${int(idle.rssMb)} MB`,
    );
    // Each full publish is a first one, by a worker started afresh; the last worker goes on to the changes.
    const runs: FullRun[] = [];
    for (let i = 1; i <= options.fullRuns; i++) {
      if (i > 1) {
        await worker.stop();
        worker = undefined;
        await forgetPublished(url, host.id);
        worker = await startWorker();
      }
      runs.push(await fullPublish(url, host, worker, mta, `${i} of ${options.fullRuns}`));
    }
    const full = medianRun(runs);
    say(
      `full publishes: ratio ${runs.map((r) => r.ratio.toFixed(2)).join(', ')}; median ${full.ratio.toFixed(2)} (${int(full.totalMs)} / ${int(full.floorMs)} ms)`,
    );
    const afterFull = await worker.memory();
    say(
      `  worker memory after the full publish: peak RSS ${int(afterFull.hwmMb)} MB, now ${int(afterFull.rssMb)} MB (JS heap in use ${int(afterFull.heapUsedMb)} MB)`,
    );
    const changed = await changes(url, host, options, worker, mta, options.changes);
    const memory = await worker.memory();
    say(`worker peak RSS (VmHWM): ${int(memory.hwmMb)} MB (process.resourceUsage maxRSS ${int(memory.maxRssMb)} MB)`);
    await worker.stop();
    worker = undefined;
    // The list pages and the search on the same host (scripts/bench/lists-and-search.ts).
    say('lists and search on this host (the data functions behind the pages):');
    process.env.DATABASE_URL = url;
    const listP95 = await timeListCases(url, (line) => say(`  ${line}`));
    await disconnectDb();
    // The saves and the list cases ran the panel's data layer in this process, as the web process runs
    // it: its peak so far stands for the web process's (read before the import's bench below).
    const webPeakMb = await peakRssMb();
    const figures = {
      ratio: full.ratio,
      changeLiveP95: percentile(changed.liveMs, 95),
      saveP95: percentile(changed.saveMs, 95),
      listP95,
      peakRssMb: memory.hwmMb,
      webPeakMb,
    };
    for (const line of targetLines(figures)) say(line);
    const imported = await benchImport(process.argv.slice(2));
    for (const line of [...machineLines(figures), ...importLines(imported)]) say(line);
  } finally {
    await worker?.stop().catch(() => {});
    await server.stop();
    if (!options.keep) {
      await rm(MAP_DIR, { recursive: true, force: true });
      await rm(path.join(ROOT, 'pg'), { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
