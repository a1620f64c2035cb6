// `npm run seed`: loads the demo data into an empty database (the one in DATABASE_URL, or the embedded
// one). It refuses a database that has any login, so it can never mix demo data into real data.
import path from 'node:path';
import { disconnectDb } from '../lib/db/client';
import { applyMigrations } from '../lib/db/migrate';
import { DEMO_LOGINS, DEMO_MAILBOX_LOGINS, DEMO_PASSWORD, isEmpty, seedDemo } from './lib/demo-data';
import { DATA_ROOT, openPanelDatabase } from './lib/panel-database';

async function main(): Promise<number> {
  const database = await openPanelDatabase();
  try {
    process.env.DATABASE_URL = database.url;
    await applyMigrations(database.url);
    if (!(await isEmpty())) {
      console.error('This database has logins already: demo data is only loaded into an empty database.');
      return 1;
    }
    await seedDemo(path.join(DATA_ROOT, 'mailhost'));
    console.log(`Demo data loaded. Logins (password ${DEMO_PASSWORD}):`);
    for (const l of DEMO_LOGINS) console.log(`  ${l.role.padEnd(9)} ${l.email}`);
    for (const l of DEMO_MAILBOX_LOGINS) console.log(`  ${l.role.padEnd(9)} ${l.email} (at /postoffice/login)`);
    return 0;
  } finally {
    await disconnectDb();
    await database.release();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('seed failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
