// `npm run bench -- --import [--import-lines N] [--keep]`, and the last part of the default `npm run bench`
// (issue 14): importing a generated legacy sendmail host with an N-line virtusertable (default 1,000,000
// over N/10 domains, one Unix user and one alias per domain) into a fresh panel database, against the floor
// of the same file built by sendmail's own `makemap hash`. Prints `import 1M: N s` and
// `ratio import/makemap: X` (the goal: at most 3). Printed, not asserted: the figures depend on the machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { applyMigrations } from '../../lib/db/migrate';
import { db, disconnectDb } from '../../lib/db/client';
import { importSendmailHost } from '../../lib/data/import-sendmail';
import { loadActor } from '../../lib/data/sessions';
import { readLegacySendmail } from '../../lib/mailmaps/legacy-read';
import { int, say, secs } from '../lib/bench-report';
import { createDatabase, ensurePostgres, withDatabase } from '../lib/postgres';
import { freePort } from '../lib/free-port';
import { databaseFloor } from './import-floor';

const ROOT = path.resolve('.data/bench-import');
const OLD = path.join(ROOT, 'old-host');
const HASH = '$1$redhat$cTQ9ihhTCwVwBT1DJs9KC0';

/** The old host's files: per domain 8 addresses, a redirect, a rejection and a catch-all; a user and an alias. */
async function writeOldHost(lines: number): Promise<number> {
  const domains = Math.max(1, Math.round(lines / 10));
  const cw: string[] = [];
  const virt: string[] = [];
  const aliases: string[] = [];
  const passwd: string[] = ['root:x:0:0:root:/root:/bin/bash'];
  const shadow: string[] = [];
  for (let i = 0; i < domains; i++) {
    const d = `d${i}.example`;
    cw.push(d);
    for (const local of ['info', 'sales', 'office', 'billing', 'support', 'jobs', 'press', `u${i}`])
      virt.push(`${local}@${d}\t${local === 'info' || local === 'support' ? `team${i}` : `u${i}`}`);
    virt.push(`old@${d}\terror:nouser This address is no longer in use`, `@${d}\tu${i}`);
    aliases.push(`team${i}: u${i}, boss${i}@partner.example`);
    passwd.push(`u${i}:x:${1000 + i}:100::/home/u${i}:/bin/false`);
    shadow.push(`u${i}:${HASH}:19000::::::`);
  }
  await rm(OLD, { recursive: true, force: true });
  await mkdir(OLD, { recursive: true });
  await writeFile(path.join(OLD, 'local-host-names'), `${cw.join('\n')}\n`);
  await writeFile(path.join(OLD, 'virtusertable'), `${virt.join('\n')}\n`);
  await writeFile(path.join(OLD, 'aliases'), `${aliases.join('\n')}\n`);
  await writeFile(path.join(OLD, 'passwd'), `${passwd.join('\n')}\n`);
  await writeFile(path.join(OLD, 'shadow'), `${shadow.join('\n')}\n`);
  return virt.length;
}

/** sendmail's own build of the same virtusertable: the floor. Installs sendmail first where it is missing. */
function makemapMs(): number {
  if (!existsSync('/usr/sbin/makemap')) {
    say('makemap is not installed: installing sendmail (bash tests/mta/install-sendmail.sh)');
    execFileSync('bash', ['tests/mta/install-sendmail.sh'], { stdio: 'inherit' });
  }
  const started = performance.now();
  const built = spawnSync('/bin/sh', ['-c', `makemap hash "$1/floor-virtusertable" < "$1/virtusertable"`, 'sh', OLD]);
  if (built.status !== 0) throw new Error(`makemap failed: ${built.stderr.toString()}`);
  return performance.now() - started;
}

export async function benchImport(argv: string[]): Promise<ImportFigures> {
  const at = argv.findIndex((a) => a === '--import-lines');
  const wanted = at >= 0 ? Number(argv[at + 1]) : 1_000_000;
  if (!Number.isInteger(wanted) || wanted < 10) throw new Error('--import-lines wants a whole number of at least 10');
  let t = performance.now();
  const lines = await writeOldHost(wanted);
  say(
    `import bench: a legacy sendmail host with ${int(lines)} virtusertable lines over ${int(Math.round(wanted / 10))} domains, written in ${secs(performance.now() - t)}`,
  );
  const floorMs = makemapMs();
  say(`  makemap hash of that virtusertable (the floor): ${int(floorMs)} ms`);
  const server = await ensurePostgres({ dataDir: path.join(ROOT, 'pg'), port: await freePort(), fresh: true });
  try {
    await createDatabase(server.url, 'mailpanel_bench_import');
    const url = withDatabase(server.url, 'mailpanel_bench_import');
    await applyMigrations(url);
    process.env.DATABASE_URL = url;
    const user = await db().user.create({
      data: { email: 'bench-admin@bench.test', loginScope: 'operators', name: 'bench', role: 'ADMIN', passwordHash: 'x' },
    });
    const admin = (await loadActor(user.id, user.sessionVersion))!;
    t = performance.now();
    const files = Object.fromEntries(
      await Promise.all(
        ['local-host-names', 'virtusertable', 'aliases', 'passwd', 'shadow'].map(async (f) => [
          f,
          await readFile(path.join(OLD, f), 'utf8'),
        ]),
      ),
    );
    const legacy = readLegacySendmail(files, () => undefined);
    const readMs = performance.now() - t;
    const report = await importSendmailHost(admin, {
      legacy,
      // Under the data directory's map root, as --new-host makes it (nothing is published in this bench).
      host: { name: 'bench-import', create: { mapDir: path.resolve('.data/mailhost/bench-import'), settings: { publishMode: 'files' } } },
      customer: { name: 'Imported farm', create: true },
      dryRun: false,
      source: 'bench',
    });
    const importMs = performance.now() - t;
    if (!report.applied) throw new Error(`the import was not applied: ${JSON.stringify(report.conflicts.slice(0, 3))}`);
    const c = report.created;
    say(
      `  phases: ${Object.entries(report.phases)
        .map(([k, v]) => `${k} ${int(v)} ms`)
        .join(', ')}`,
    );
    say(`  read the files: ${int(readMs)} ms; the import (read, plan, write, check, one transaction): ${int(importMs)} ms`);
    say(
      `  created ${int(c.domains)} domains, ${int(c.accounts)} accounts, ${int(c.aliases)} aliases, ${int(c.virtmaps)} virtmaps; ${int(report.keptOut.length)} lines kept out`,
    );
    const ratio = importMs / Math.max(1, floorMs);
    const host = await db().mailHost.findUniqueOrThrow({ where: { name: 'bench-import' }, select: { id: true } });
    const database = await databaseFloor(host.id);
    say(
      `  PostgreSQL alone writing the same rows again (one INSERT … SELECT per table, rolled back): ${int(database.ms)} ms (${Object.entries(
        database.tables,
      )
        .map(([k, v]) => `${k} ${int(v)}`)
        .join(', ')})`,
    );
    return { importMs, ratio, lines, databaseRatio: database.ms / Math.max(1, floorMs) };
  } finally {
    await disconnectDb();
    await server.stop();
    if (!argv.includes('--keep')) await rm(ROOT, { recursive: true, force: true });
  }
}

export interface ImportFigures {
  importMs: number;
  ratio: number;
  lines: number;
  /** PostgreSQL's own write of the same rows against the floor: the part of `ratio` no importer avoids. */
  databaseRatio: number;
}

/** The lines scripts read; the last two are issue 14's. */
export function importLines(figures: ImportFigures): string[] {
  const label = figures.lines >= 1_000_000 ? `${Math.round(figures.lines / 1_000_000)}M` : int(figures.lines);
  return [
    `ratio database/makemap: ${figures.databaseRatio.toFixed(2)}`,
    `import ${label}: ${(figures.importMs / 1000).toFixed(1)} s`,
    `ratio import/makemap: ${figures.ratio.toFixed(2)}`,
  ];
}
