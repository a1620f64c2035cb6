// The sync trigger end to end: real PostgreSQL, real pg-boss, real workers (one of them a separate
// `npm run worker` process), publishing with the real publisher to local-transport hosts (queue-support.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../lib/db/client';
import { createMailHost } from '../../lib/data/mail-hosts';
import { tryLockHost } from '../../lib/sync/host-lock';
import { syncNow } from '../../lib/jobs/host-requests';
import { startSyncWorker, type SyncWorker } from '../../lib/jobs/worker';
import type { SyncWorkerConfig } from '../../lib/jobs/config';
import { WORKER_NODE_FLAGS } from '../../scripts/lib/worker-heap';
import { unique } from '../support/factories';
import { withPanelDatabase } from '../support/panel-db';
import { waitFor } from '../support/wait-for';
import {
  buildingSlowly,
  edit,
  expectNoOverlap,
  FAST,
  hostState,
  removeWorlds,
  runsOf,
  setFailing,
  setSlow,
  settled,
  syncWorld,
  type SyncWorld,
} from './queue-support';

const database = withPanelDatabase();
const log: string[] = [];
// Each test starts the in-process worker it needs (and the "several workers" tests a worker process too);
// whatever a test started is stopped after it, so every test runs alone or in any order.
let worker: SyncWorker | null = null;

async function startWorker(overrides: Partial<Omit<SyncWorkerConfig, 'databaseUrl'>> = {}): Promise<SyncWorker> {
  worker = await startSyncWorker({ ...FAST, ...overrides, databaseUrl: database.current.url }, (line) => log.push(line));
  return worker;
}

async function stopWorker(): Promise<void> {
  await worker?.stop();
  worker = null;
}

const live = (world: SyncWorld, file: string) => readFile(path.join(world.dir, 'current', file), 'utf8');

/** Whether a look-again after a busy host (lib/jobs/publish-job.ts) waits in the queue for this host, due in 30 s or more. */
async function lookAgainWaiting(mailHostId: string): Promise<boolean> {
  const rows = await db().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pgboss.job WHERE name = 'mailhost-publish' AND state = 'created'
      AND data->>'mailHostId' = ${mailHostId} AND start_after > now() + interval '30 seconds'`;
  return (rows[0]?.n ?? 0n) > 0n;
}

afterEach(stopWorker);
afterAll(removeWorlds);

describe('the sync worker', () => {
  it('publishes a change made while no worker was running as soon as one starts (the sweep)', async () => {
    const world = await syncWorld();
    const address = await edit(world);
    expect((await hostState(world.host.id)).syncedSeq).toBe(0n);
    await startWorker();
    await settled(world.host.id);
    expect(await live(world, 'virtusertable')).toContain(address);
  });

  it('reacts to a change at once through NOTIFY, without waiting for the sweep', async () => {
    await startWorker({ sweepMs: 600_000 });
    const world = await syncWorld();
    // Not a speed target: the sweep is 10 minutes away, so settling within seconds can only be NOTIFY.
    const address = await edit(world);
    await settled(world.host.id);
    expect(await live(world, 'virtusertable')).toContain(address);
  });

  it('publishes a change after a quiet spell without waiting, and holds back one that follows it for the debounce', async () => {
    // A three-second debounce, and no sweep: what these waits show comes from NOTIFY and the debounce alone.
    await startWorker({ debounceMs: 3_000, sweepMs: 600_000 });
    const world = await syncWorld();
    await settled(world.host.id);
    await new Promise((r) => setTimeout(r, 3_200));
    // After a quiet spell: published at once (waiting for the debounce could not settle in time).
    await edit(world);
    await settled(world.host.id, 2_800);
    // Another change right after: within the debounce of the one before, so it waits (a burst's rest).
    const address = await edit(world);
    await new Promise((r) => setTimeout(r, 1_000));
    const waiting = await hostState(world.host.id);
    expect(waiting.syncedSeq).toBeLessThan(waiting.changeSeq);
    await settled(world.host.id);
    expect(await live(world, 'virtusertable')).toContain(address);
  });

  it('publishes a change that comes while a look-again waits (the host was busy) without waiting for it', async () => {
    // A look-again a minute away, and no sweep: settling within seconds can only be the change's own job.
    await startWorker({ busyRetryMs: 60_000, sweepMs: 600_000, debounceMs: 100 });
    const world = await syncWorld();
    await settled(world.host.id);
    // A publish in progress (the host's lock held here): the first change's job finds the host busy and
    // queues a look-again for a minute later.
    const busy = await tryLockHost(world.host.id);
    expect(busy).not.toBeNull();
    try {
      await edit(world);
      await waitFor('the change to find the host busy', () => lookAgainWaiting(world.host.id), 10_000);
    } finally {
      await busy!.release();
    }
    expect(await lookAgainWaiting(world.host.id)).toBe(true);
    // A quiet spell, then the next change: published at once, the look-again still waiting.
    await new Promise((r) => setTimeout(r, 300));
    const address = await edit(world);
    await settled(world.host.id, 10_000);
    expect(await live(world, 'virtusertable')).toContain(address);
  });

  it('coalesces a burst of ten edits into a few publishes, the last with the latest data', async () => {
    await startWorker();
    const world = await syncWorld();
    await edit(world);
    await settled(world.host.id);
    const before = (await runsOf(world.host.id)).length;
    const addresses: string[] = [];
    // The burst arrives while the host is busy (its lock held here, as by a publish in progress), so how
    // many publishes it takes does not depend on how fast this machine makes ten edits.
    const busy = await tryLockHost(world.host.id);
    expect(busy).not.toBeNull();
    try {
      for (let i = 0; i < 10; i++) addresses.push(await edit(world));
    } finally {
      await busy!.release();
    }
    const state = await settled(world.host.id);
    const runs = (await runsOf(world.host.id)).slice(before);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(3);
    expect(runs.every((r) => r.status === 'SUCCEEDED')).toBe(true);
    expect(runs.at(-1)!.changeSeq).toBe(state.changeSeq);
    const text = await live(world, 'virtusertable');
    for (const address of addresses) expect(text).toContain(address);
  });

  it('retries a failing publish with growing pauses, keeps the old maps live, and converges', async () => {
    await startWorker();
    const world = await syncWorld();
    await edit(world);
    await settled(world.host.id);
    const good = await live(world, 'virtusertable');
    await setFailing(world, true);
    const address = await edit(world);
    const failed = await waitFor('three failed runs', async () => {
      const runs = (await runsOf(world.host.id)).filter((r) => r.status === 'FAILED');
      return runs.length >= 3 ? runs : null;
    });
    expect(failed[0]!.error).toContain('simulated failure');
    expect(await live(world, 'virtusertable')).toBe(good);
    // Backoff 300 ms, 600 ms, then capped at 1200 ms (+ up to 20 % jitter): each pause at least the policy's.
    const gaps = failed.slice(1).map((r, i) => r.startedAt.getTime() - failed[i]!.finishedAt!.getTime());
    expect(gaps[0]).toBeGreaterThanOrEqual(300 - 50);
    expect(gaps[1]).toBeGreaterThanOrEqual(600 - 50);
    expect((await hostState(world.host.id)).failingSince).not.toBeNull();

    await setFailing(world, false);
    await settled(world.host.id);
    expect(await live(world, 'virtusertable')).toContain(address);
  });

  it('repairs drift: a live file edited by hand is republished by the periodic check', async () => {
    await startWorker();
    const world = await syncWorld();
    await edit(world);
    await settled(world.host.id);
    const file = path.join(world.dir, 'current', 'virtusertable');
    const good = await readFile(file, 'utf8');
    await writeFile(file, `${good}stolen@${world.domain.name}\tthief@elsewhere.example\n`);
    expect(await worker!.checkAll()).toBeGreaterThanOrEqual(1);
    await waitFor('a drift run', async () => (await runsOf(world.host.id)).some((r) => r.trigger === 'drift' && r.status === 'SUCCEEDED'));
    expect(await readFile(file, 'utf8')).toBe(good);
  });

  it('"Sync now" publishes at once, even with nothing waiting', async () => {
    await startWorker();
    const world = await syncWorld();
    await edit(world);
    const { liveRevision } = await settled(world.host.id);
    await syncNow(world.admin, world.host.id);
    await waitFor('a manual run', async () =>
      (await runsOf(world.host.id)).some((r) => r.trigger === 'manual' && r.status === 'SUCCEEDED'),
    );
    expect((await hostState(world.host.id)).liveRevision).toBe(liveRevision + 1);
    const audit = await db().auditEvent.findFirst({ where: { action: 'mailHost.syncNow', targetId: world.host.id } });
    expect(audit).not.toBeNull();
  });
});

describe('an unreachable host', () => {
  it('does not hold up the others: their changes go live while its publish hangs', async () => {
    // A "mail host" that accepts TCP connections and never says a word: the SSH handshake hangs.
    await startWorker();
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const good = await syncWorld();
      const dead = await createMailHost(good.admin, {
        name: unique('dead'),
        flavor: 'SENDMAIL',
        transport: 'SSH',
        mapDir: '/srv/mail/dead',
        sshHost: '127.0.0.1',
        sshPort: port,
        sshUser: 'root',
        sshHostKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOc7xPb/ihcNw2v4zdBbs+Wb3ST6o+PhF80mPds57RDO',
      });
      await syncNow(good.admin, dead.id);
      await waitFor("the dead host's publish to start", async () => (await runsOf(dead.id)).some((r) => r.status === 'RUNNING'));
      // The dead host's publish hangs until the hang-up below: settling at all means it did not hold this one up.
      const address = await edit(good);
      await settled(good.host.id);
      expect(await live(good, 'virtusertable')).toContain(address);
      expect((await runsOf(dead.id)).at(-1)!.status).toBe('RUNNING'); // still hanging in its handshake
    } finally {
      // Hang up: the handshake fails at once and the dead host's run is recorded as failed.
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 30_000);
});

describe('several workers', () => {
  let child: ChildProcess | null = null;
  const childOutput: string[] = [];

  beforeEach(async () => {
    childOutput.length = 0;
    // A second worker as its own process, exactly as `npm run worker` starts it.
    // node itself with tsx's loader (not the tsx CLI, which would run the worker in a grandchild that a
    // SIGKILL of this pid would not reach).
    child = spawn(process.execPath, [...WORKER_NODE_FLAGS, '--import', 'tsx', 'scripts/worker.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: database.current.url,
        MAILPANEL_SYNC_POLL_SECONDS: '0.5',
        MAILPANEL_SYNC_DEBOUNCE_MS: '100',
        MAILPANEL_SYNC_SWEEP_MS: '300',
        MAILPANEL_SYNC_CHECK_CRON: '',
        MAILPANEL_SYNC_CONCURRENCY: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => childOutput.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => childOutput.push(chunk.toString()));
    await waitFor('the worker process to start', async () => childOutput.join('').includes('sync worker running'), 30_000);
  });

  afterEach(async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });

  it('never publish one host at once, and every change still goes live', async () => {
    await startWorker();
    const worlds = [await syncWorld(), await syncWorld()];
    for (const world of worlds) await setSlow(world, 0.2);
    for (let round = 0; round < 4; round++) {
      const since = new Date();
      for (const world of worlds) {
        await edit(world);
        await syncNow(world.admin, world.host.id);
      }
      // The next round's edits land while this round's publishes run (each build takes 0.2 s).
      await waitFor(`round ${round}'s publishes to start`, async () => {
        for (const world of worlds) if (!(await runsOf(world.host.id)).some((r) => r.startedAt >= since)) return false;
        return true;
      });
    }
    for (const world of worlds) {
      const state = await settled(world.host.id, 30_000);
      const runs = await runsOf(world.host.id);
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expectNoOverlap(runs);
      expect(runs.at(-1)!.changeSeq).toBe(state.changeSeq);
    }
    // Both processes take jobs of one publish queue (the child logs each publish it makes). Which worker
    // wins each job is a race; on a loaded machine the in-process one may win them all, so the child is then
    // given the queue alone for one more change: it must take it from the same queue.
    if (!/published mx/.test(childOutput.join(''))) {
      await stopWorker();
      const [first] = worlds as [SyncWorld, SyncWorld];
      await edit(first);
      await syncNow(first.admin, first.host.id);
      await waitFor('the child process to publish', async () => /published mx/.test(childOutput.join('')), 30_000);
    }
    expect(childOutput.join('')).toMatch(/published mx/);
    for (const world of worlds) expectNoOverlap(await runsOf(world.host.id));
  }, 90_000);

  it('a worker killed in the middle of a publish loses nothing: another one finishes the job', async () => {
    // Only the child process works until it is killed.
    const world = await syncWorld();
    await edit(world);
    await settled(world.host.id, 30_000);
    const before = await live(world, 'virtusertable');
    await setSlow(world, 3);
    const address = await edit(world);
    await waitFor('the child to be building the maps', async () => (await runsOf(world.host.id)).some((r) => r.status === 'RUNNING'));
    await buildingSlowly(world);
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child!.kill('SIGKILL');
    await exited;

    expect(await live(world, 'virtusertable')).toBe(before); // the previous revision, whole

    await setSlow(world, 0);
    await startWorker();
    const state = await settled(world.host.id);
    const runs = await runsOf(world.host.id);
    expect(runs.find((r) => r.failedPhase === 'interrupted')).toMatchObject({ status: 'FAILED', revision: null });
    expect(runs.at(-1)).toMatchObject({ status: 'SUCCEEDED', changeSeq: state.changeSeq });
    expect(await live(world, 'virtusertable')).toContain(address);
  }, 60_000);
});
