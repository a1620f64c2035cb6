// One database per test file, copied from the migrated template in milliseconds, so files run in parallel
// without sharing rows. Usage:
//   let db: TestDatabase;
//   beforeAll(async () => { db = await freshDatabase(); });
//   afterAll(async () => { await db.drop(); });
import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { inject } from 'vitest';
import { PrismaClient } from '../../lib/generated/prisma/client';
import { createDatabase, dropDatabase, withDatabase } from '../../scripts/lib/postgres';

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `${inject('pgPrefix')}_${randomBytes(4).toString('hex')}`;
  await createDatabase(adminUrl, name, inject('pgTemplate'));
  const url = withDatabase(adminUrl, name);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  return {
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await dropDatabase(adminUrl, name);
    },
  };
}
