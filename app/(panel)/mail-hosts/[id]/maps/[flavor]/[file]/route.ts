import { mayOpen } from '@/lib/auth/policy';
import { DomainError } from '@/lib/data/errors';
import { hostMapFile } from '@/lib/data/host-maps';
import { getActor } from '@/lib/session/session';
import { MapFileParams } from '@/lib/validation/host-maps';
import { orNotFoundResponse } from '@/lib/web/or-not-found';

// GET /mail-hosts/<id>/maps/<sendmail|postfix>/<file> — one of the host's current map files as that MTA
// reads it (lib/data/host-maps.ts), a plain-text download named as on the host.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; flavor: string; file: string }> }) {
  const actor = await getActor();
  if (!actor || !mayOpen(actor, 'mailHost')) return new Response('Not found', { status: 404 });
  const parsed = MapFileParams.safeParse(await params);
  if (!parsed.success) return new Response('Not found', { status: 404 });
  const { id, flavor, file } = parsed.data;
  return orNotFoundResponse(async () => {
    const map = await hostMapFile(actor, id, flavor, file).catch((error: unknown) => {
      if (error instanceof DomainError) return error;
      throw error;
    });
    // The saved data holds something the renderer refuses (a publish meets the same): say what.
    if (map instanceof DomainError)
      return new Response(map.message, { status: 409, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    return new Response(map.text, {
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Disposition': `attachment; filename="${file}"`,
        'Cache-Control': 'no-store',
      },
    });
  });
}
