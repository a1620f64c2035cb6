// `npm run migrate`: apply prisma/migrations to the database in DATABASE_URL (see lib/db/migrate.ts for why
// this is not `prisma migrate deploy`).
import { applyMigrations } from '../lib/db/migrate';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set. Example: DATABASE_URL=postgresql://user:pass@host:5432/mailpanel npm run migrate');
  }
  const { applied } = await applyMigrations(url);
  if (applied.length === 0) console.log('Database schema is up to date; no migrations applied.');
  for (const name of applied) console.log(`Applied migration ${name}`);
}

main().catch((error: unknown) => {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
