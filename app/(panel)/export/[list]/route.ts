import { mayOpen } from '@/lib/auth/policy';
import { getActor } from '@/lib/session/session';
import { EXPORTABLE, listCsv, type ExportableList } from '@/lib/web/list-export';

// GET /export/accounts?q=…&status=… — the list as its page shows it (search, filters, sort), as a CSV
// download. Whoever may not open the list gets the same 404 as for a page that does not exist.
const SCREEN = { accounts: 'accounts', aliases: 'aliases', domains: 'domains' } as const;

export async function GET(request: Request, { params }: { params: Promise<{ list: string }> }) {
  const { list } = await params;
  const actor = await getActor();
  if (!actor || !(EXPORTABLE as readonly string[]).includes(list) || !mayOpen(actor, SCREEN[list as ExportableList])) {
    return new Response('Not found', { status: 404 });
  }
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const lines = listCsv(actor, list as ExportableList, query);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(new TextEncoder().encode(next.value));
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${list}-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
