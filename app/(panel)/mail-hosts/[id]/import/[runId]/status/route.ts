import { importProgress } from '@/lib/data/import-runs';
import { isHiddenOrMissing } from '@/lib/data/errors';
import { mayOpen } from '@/lib/auth/policy';
import { getActor } from '@/lib/session/session';

// GET …/import/<runId>/status — what the progress bar polls: { status, done, total, error }.
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  const actor = await getActor();
  if (!actor || !mayOpen(actor, 'importRun')) return new Response('Not found', { status: 404 });
  const { runId } = await params;
  try {
    const progress = await importProgress(actor, runId);
    return Response.json(progress, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (isHiddenOrMissing(error) || isBadId(error)) return new Response('Not found', { status: 404 });
    throw error;
  }
}

function isBadId(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error.code === 'P2007' || error.code === 'P2023');
}
