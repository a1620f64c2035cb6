import { mayOpen } from '@/lib/auth/policy';
import { mailCsvRows } from '@/lib/data/mail-csv-export';
import { MAIL_CSV_COLUMNS } from '@/lib/mail/mail-csv';
import { getActor } from '@/lib/session/session';
import { csvLine } from '@/lib/web/csv';

// GET /import/export — every account, alias and virtmap of the actor's tenant in the import's own CSV
// layout (docs/import.md, "CSV"), streamed page by page: importing it again changes nothing.
export async function GET() {
  const actor = await getActor();
  if (!actor || !mayOpen(actor, 'mailCsv')) return new Response('Not found', { status: 404 });
  const rows = mailCsvRows(actor);
  let header = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (header) {
        header = false;
        controller.enqueue(new TextEncoder().encode(csvLine(MAIL_CSV_COLUMNS)));
        return;
      }
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(new TextEncoder().encode(csvLine(next.value)));
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="mail-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
