// `npm run worker`: the sync worker as a process of its own, for larger setups (several web servers, or
// publishing kept off the web machines). Run as many as you like against one database: each host is still
// published by one worker at a time. Set MAILPANEL_WORKER=off for the web servers so they only enqueue.
// Needs DATABASE_URL (or the embedded database of `npm start` on this machine) and the same
// MAILPANEL_SECRET_KEY or AUTH_SECRET as the web servers (the SSH keys of the mail hosts are sealed with it).
import { applyMigrations } from '../lib/db/migrate';
import { startSyncWorker } from '../lib/jobs/worker';
import { authSecret } from './lib/auth-secret';
import { openPanelDatabase } from './lib/panel-database';

const say = (line: string) => console.log(`[mailpanel] ${line}`);

async function main() {
  const database = await openPanelDatabase((line) => say(`postgres: ${line}`));
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= authSecret();
  await applyMigrations(database.url);
  const worker = await startSyncWorker();
  say(`sync worker running (${worker.config.concurrency} publishes at a time, pid ${process.pid}).`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('sync worker stopping…');
    await worker.stop();
    await database.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error('[mailpanel] the sync worker could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
