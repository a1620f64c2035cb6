// Points the data layer (lib/db/client.ts) at this test file's own fresh database.
import { afterAll, beforeAll } from 'vitest';
import { disconnectDb } from '../../lib/db/client';
import { freshDatabase, type TestDatabase } from '../setup/database';

export function withPanelDatabase(): { readonly current: TestDatabase } {
  const holder: { current?: TestDatabase } = {};
  beforeAll(async () => {
    holder.current = await freshDatabase();
    process.env.DATABASE_URL = holder.current.url;
  });
  afterAll(async () => {
    await disconnectDb();
    await holder.current?.drop();
  });
  return {
    get current() {
      if (!holder.current) throw new Error('the test database is not ready yet');
      return holder.current;
    },
  };
}
