import { importProgress } from '@/lib/data/import-runs';
import { mayOpen } from '@/lib/auth/policy';
import { getActor } from '@/lib/session/session';
import { orNotFoundResponse } from '@/lib/web/or-not-found';

// GET …/import/<runId>/status — what the progress bar polls: { status, done, total, error }.
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  const actor = await getActor();
  if (!actor || !mayOpen(actor, 'importRun')) return new Response('Not found', { status: 404 });
  const { runId } = await params;
  return orNotFoundResponse(async () => Response.json(await importProgress(actor, runId), { headers: { 'Cache-Control': 'no-store' } }));
}
