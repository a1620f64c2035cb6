// The e2e panel's own database, for the one thing a browser test cannot wait for: time passing (an act-as
// that expires after a quarter of an hour). Nothing else in the specs touches the database directly.
import pg from 'pg';
import { runningClusterUrl, withDatabase } from '../scripts/lib/postgres';

export async function withPanelDb<T>(query: (client: pg.Client) => Promise<T>): Promise<T> {
  const port = Number(process.env.E2E_PG_PORT ?? 54359);
  const url = withDatabase(await runningClusterUrl('.data/e2e/pg', port), 'mailpanel');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await query(client);
  } finally {
    await client.end();
  }
}
