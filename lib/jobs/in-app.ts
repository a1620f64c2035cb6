import { inAppWorkerEnabled } from './config';
import { startSyncWorker, type SyncWorker } from './worker';

// The worker inside the web server process (the default), started by instrumentation.ts. It starts in the
// background so the server is ready at once, and tries again if the database is not reachable yet.

const shared = globalThis as unknown as { mailpanelInAppWorker?: Promise<SyncWorker | null> };
const say = (line: string) => console.log(`[mailpanel] ${line}`);

export function startInAppWorker(): void {
  if (shared.mailpanelInAppWorker) return; // register() once per process, but dev reloads re-import
  if (!inAppWorkerEnabled()) {
    say('sync worker: not started in the web process (MAILPANEL_WORKER=off); run `npm run worker` elsewhere.');
    return;
  }
  shared.mailpanelInAppWorker = startWithRetry();
}

async function startWithRetry(): Promise<SyncWorker | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      const worker = await startSyncWorker();
      say(`sync worker started in the web process (${worker.config.concurrency} publishes at a time).`);
      const stop = () => void worker.stop().catch(() => {});
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      return worker;
    } catch (error) {
      const wait = Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5));
      console.warn(
        `[mailpanel] sync worker could not start (${error instanceof Error ? error.message : String(error)}); retrying in ${wait / 1000} s.`,
      );
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
