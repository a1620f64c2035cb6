import { getImportRun } from '@/lib/data/import-runs';
import { mayOpen } from '@/lib/auth/policy';
import { getActor } from '@/lib/session/session';
import { importReportJson } from '@/lib/web/import-report';
import { orNotFoundResponse } from '@/lib/web/or-not-found';

// GET …/import/<runId>/report — the run's report as a JSON download (the command line's --report format).
export async function GET(_request: Request, { params }: { params: Promise<{ runId: string }> }) {
  const actor = await getActor();
  if (!actor || !mayOpen(actor, 'importRun')) return new Response('Not found', { status: 404 });
  const { runId } = await params;
  return orNotFoundResponse(async () => {
    const run = await getImportRun(actor, runId);
    return new Response(`${JSON.stringify(importReportJson(run.report), null, 2)}\n`, {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="import-${run.hostName}-${run.createdAt.toISOString().slice(0, 10)}.json"`,
        'Cache-Control': 'no-store',
      },
    });
  });
}
