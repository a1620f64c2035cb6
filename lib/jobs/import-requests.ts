import type { Actor } from '../auth/actor';
import { queueImport } from '../data/import-runs';
import { enqueueImport } from './queue';

// Apply of a previewed import: the data layer marks the run queued (once), this layer sends the job the
// worker runs (lib/jobs/worker.ts → runQueuedImport).
export async function applyImport(actor: Actor, runId: string): Promise<{ id: string }> {
  const run = await queueImport(actor, runId);
  await enqueueImport(run.id);
  return run;
}
