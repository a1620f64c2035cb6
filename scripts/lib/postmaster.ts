// Finding and stopping a PostgreSQL server by its lock file, for clusters whose starting process is gone
// (a parent killed with SIGKILL leaves postgres running, reparented to pid 1).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Postmaster {
  pid: number;
  port: number;
}

/** The server recorded in `<dataDir>/postmaster.pid`, if it is still running on that directory. */
export function livePostmaster(dataDir: string): Postmaster | undefined {
  // Line 1 is the pid, line 4 the port (PostgreSQL's documented lock-file layout).
  const lines = readOrUndefined(path.join(dataDir, 'postmaster.pid'))?.split('\n') ?? [];
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  // Containers reuse pids quickly, so on Linux only trust a process started on this data directory.
  // Without /proc (macOS) a live pid is taken at its word: wrongly adopting beats corrupting a cluster.
  const cmdline = readOrUndefined(`/proc/${pid}/cmdline`);
  if (cmdline !== undefined && !cmdline.split('\0').includes(dataDir)) return undefined;
  return { pid, port };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // An orphan is reaped by pid 1, which may take a while: a zombie has already stopped.
  const stat = readOrUndefined(`/proc/${pid}/stat`) ?? '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** SIGINT is PostgreSQL's "fast" shutdown: active sessions are ended, then a clean checkpoint. */
export async function stopPid(pid: number, timeoutMs = 30_000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL (pid ${pid}) did not stop within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
