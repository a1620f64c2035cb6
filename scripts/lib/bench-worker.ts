// The benchmark's sync worker: the real one (lib/jobs/worker.ts, as `npm run worker` runs it) in a child
// process of its own, so its peak memory is its own. It reports over the IPC channel: "ready", every log
// line, and on request its memory — VmHWM from /proc/self/status (the kernel's peak resident set) and
// process.resourceUsage().maxRSS. Started by scripts/bench.ts with DATABASE_URL set.
import { readFileSync } from 'node:fs';
import { startSyncWorker } from '../../lib/jobs/worker';

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'log'; line: string }
  | { type: 'memory'; hwmKb: number; rssKb: number; maxRssKb: number; heapUsedMb: number }
  | { type: 'error'; message: string };

export type ParentMessage = { type: 'memory' } | { type: 'stop' };

function statusKb(field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(m?.[1] ?? NaN);
}

function send(message: WorkerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench-worker runs as a child of scripts/bench.ts (IPC channel).');
  // The periodic drift check is off: it would publish or compare at a moment of its own choosing.
  const worker = await startSyncWorker({ checkCron: '' }, (line) => send({ type: 'log', line }));
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'memory') {
      send({
        type: 'memory',
        hwmKb: statusKb('VmHWM'),
        rssKb: statusKb('VmRSS'),
        maxRssKb: process.resourceUsage().maxRSS,
        heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1048576),
      });
    } else if (message.type === 'stop') {
      void worker.stop().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => void worker.stop().finally(() => process.exit(0)));
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
