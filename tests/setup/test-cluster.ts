// The embedded PostgreSQL for one test run. Several runs may overlap on one machine (two engineers' shells,
// an editor's test runner), and a fresh cluster wipes its directory: so each run first claims a slot (a data
// directory and a port) with a lock file holding its pid. Slot 0 is .data/test-pg on port 54339; a slot
// whose owner died (killed run) is taken over, and `fresh` then stops the orphaned server and wipes it.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { ensurePostgres, type RunningPostgres } from '../../scripts/lib/postgres';
import { isAlive } from '../../scripts/lib/postmaster';

const BASE_PORT = 54339;
const SLOTS = 8;

export async function startTestCluster(): Promise<RunningPostgres> {
  await mkdir('.data', { recursive: true });
  for (let slot = 0; slot < SLOTS; slot++) {
    const dataDir = slot === 0 ? '.data/test-pg' : `.data/test-pg-${slot}`;
    const lock = `${dataDir}.lock`;
    if (!(await claim(lock))) continue;
    // A server of another checkout (or a leftover one) may hold this slot's port: try the next slot.
    if (!(await portIsFree(BASE_PORT + slot))) {
      await rm(lock, { force: true });
      continue;
    }
    try {
      const server = await ensurePostgres({ dataDir, port: BASE_PORT + slot, fresh: true });
      const stop = async () => {
        try {
          await server.stop();
        } finally {
          await rm(lock, { force: true });
        }
      };
      return { ...server, stop };
    } catch (error) {
      await rm(lock, { force: true });
      throw error;
    }
  }
  throw new Error(`All ${SLOTS} test PostgreSQL slots (.data/test-pg*.lock) are held by running test runs.`);
}

/** Creates the lock file exclusively; a lock whose pid is dead is stale and gets replaced. */
async function claim(lock: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) return false;
      await rm(lock, { force: true });
    }
  }
  return false;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
