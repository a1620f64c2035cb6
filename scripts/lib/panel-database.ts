// Where the panel's data lives: the server in DATABASE_URL when given, otherwise the embedded
// PostgreSQL under $MAILPANEL_DATA/pg (default .data/pg; started here, or reused if a panel process
// already runs it). MAILPANEL_FRESH=1 wipes the embedded cluster first (the end-to-end tests use it).
import path from 'node:path';
import pg from 'pg';
import { ensurePostgres, withDatabase } from './postgres';

export const DATA_ROOT = path.resolve(process.env.MAILPANEL_DATA ?? '.data');
export const EMBEDDED_PORT = Number(process.env.MAILPANEL_PG_PORT ?? 54329);
const EMBEDDED_DB = 'mailpanel';

export interface PanelDatabase {
  url: string;
  embedded: boolean;
  /** Stops the embedded server (what Ctrl-C on `npm start` does). */
  stop: () => Promise<void>;
  /** For short commands (seed, create-admin): stops the embedded server only if this process started it. */
  release: () => Promise<void>;
}

export async function openPanelDatabase(log: (s: string) => void = () => {}): Promise<PanelDatabase> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, embedded: false, stop: async () => {}, release: async () => {} };
  const server = await ensurePostgres({
    dataDir: path.join(DATA_ROOT, 'pg'),
    port: EMBEDDED_PORT,
    fresh: process.env.MAILPANEL_FRESH === '1',
    log,
  });
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DB]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(EMBEDDED_DB)}`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(server.url, EMBEDDED_DB),
    embedded: true,
    stop: server.stop,
    release: server.adopted ? async () => {} : server.stop,
  };
}
