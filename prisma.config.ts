// Prisma CLI configuration. Only `prisma generate` (and validate/format) is used here: migrations are
// applied by scripts/migrate.ts, because every Prisma 7 CLI command first downloads a native schema
// engine, which this project's machines cannot reach. Pointing the documented
// PRISMA_SCHEMA_ENGINE_BINARY at a stub lets generate run offline; a real engine given by the
// environment still wins. See docs/decisions/0002-migrations.md.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(__dirname, 'prisma', 'engine-stub.sh');

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/unused' },
});
