// Runs once when a Next.js server process starts (Next 16 calls register() per process and per runtime).
// It makes the HTTP server record each request's peer address, and starts the sync worker inside the web
// server: only in the Node.js runtime, only when a database is configured, never while `next build`
// loads the app, and not when MAILPANEL_WORKER=off (a separate `npm run worker` then does the work).
// See lib/jobs/worker.ts for what the worker does.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // Before any request: the login throttle needs each request's real peer (lib/session/peer-address.ts).
  const { recordPeerAddresses } = await import('./lib/session/peer-address');
  recordPeerAddresses();
  if (!process.env.DATABASE_URL) return;
  const { startInAppWorker } = await import('./lib/jobs/in-app');
  startInAppWorker();
}
