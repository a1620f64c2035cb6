import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

// One Prisma client per process, made on first use: `next build` imports route modules with no
// DATABASE_URL set, so nothing may connect at import time. Kept on globalThis so Next's dev reloads
// don't open a new pool on every edit.
const holder = globalThis as unknown as { mailpanelDb?: PrismaClient; mailpanelDbUrl?: string };

/**
 * Settings every connection of the panel starts with. `enable_memoize = off`: PostgreSQL puts a Memoize
 * cache in front of a nested loop's inner lookups and sizes its table by how many distinct keys it
 * expects, which for a join from the addresses to their domains is a hundred thousand at a million
 * addresses. Setting that table up took 8 ms for each such join of a query that then needed 26 lookups:
 * the search's address queries took 19-24 ms instead of 1.2-5 ms (measured on PostgreSQL 17 here,
 * docs/publishing.md, "Lists and search at a million addresses"). An index lookup on a primary key is
 * cheaper than what the cache saves. The setting exists from PostgreSQL 14 on (README).
 */
const SESSION_OPTIONS = '-c enable_memoize=off';

export function db(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start the panel with `npm start`.');
  if (!holder.mailpanelDb || holder.mailpanelDbUrl !== url) {
    void holder.mailpanelDb?.$disconnect();
    holder.mailpanelDb = new PrismaClient({
      adapter: new PrismaPg({ connectionString: url, options: SESSION_OPTIONS }),
      // A burst of saves (50 browsers at once) queues for the pool's connections: wait for one rather than
      // fail the save after Prisma's default 2 s (tests/races.test.ts).
      transactionOptions: { maxWait: 15_000 },
    });
    holder.mailpanelDbUrl = url;
  }
  return holder.mailpanelDb;
}

export async function disconnectDb(): Promise<void> {
  await holder.mailpanelDb?.$disconnect();
  holder.mailpanelDb = undefined;
  holder.mailpanelDbUrl = undefined;
}

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
