import { mayOpen } from '@/lib/auth/policy';
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
    // A renderer's refusal (the saved data holds what a publish would refuse too) answers 409 with why.
    const map = await hostMapFile(actor, id, flavor, file);
    return new Response(map.text, {
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Disposition': `attachment; filename="${file}"`,
        'Cache-Control': 'no-store',
      },
    });
  });
}
