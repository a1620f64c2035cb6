// Prisma 6 CLI configuration for offline migration authoring (run through diff.mjs, never directly
// from the repository root, whose prisma.config.ts belongs to Prisma 7).
//
// `engine: 'js'` makes Prisma 6 use the WebAssembly schema engine bundled in its CLI, talking to
// PostgreSQL through @prisma/adapter-pg, so no native engine download is needed. diff.mjs starts a
// throwaway PostgreSQL 17 and passes its coordinates in PRISMA6_PG_*; the adapter then creates and
// drops the shadow database it replays prisma/migrations into.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// Prisma 6 resolves both native engines before running any command: point them at a stub.
const stub = path.join(__dirname, 'engine-stub.sh');
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= stub;
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= stub;

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this tool through tools/prisma6/diff.sh`);
  return v;
}

// Fixes to adapter-pg 7.10.1 when it serves the schema engine. The first two are applied to its
// classes' prototypes (not exported, so reached through an adapter instance):
//  1. Introspection reads pg_catalog columns of Postgres' internal one-byte type "char" (OID 18),
//     e.g. pg_constraint.contype, which the adapter rejects as an unsupported column type. The schema
//     engine reads them as characters: report such columns as ColumnType Character (their values are
//     already one-character strings). Reporting them as Text is not enough: the engine then panics
//     ("RuntimeError: unreachable") as soon as a CHECK constraint exists.
//  2. executeScript() splits a script on every ';', so a semicolon inside a comment, a string literal
//     or a $$ body breaks a migration replayed into the shadow database. Prisma's native engine sends
//     the whole script as one simple-protocol query; do the same.
let patched = false;
async function patchAdapterClasses(factory: PrismaPg): Promise<void> {
  if (patched) return;
  const adapter = await factory.connect();
  const adapterProto = Object.getPrototypeOf(adapter);
  const queryableProto = Object.getPrototypeOf(adapterProto);
  await adapter.dispose();
  for (const [proto, method] of [
    [queryableProto, 'performIO'],
    [queryableProto, 'queryRaw'],
    [adapterProto, 'executeScript'],
  ] as const) {
    if (typeof proto?.[method] !== 'function') {
      throw new Error(`@prisma/adapter-pg changed: ${method} not found; re-check tools/prisma6/prisma.config.ts`);
    }
  }
  const CHAR_OID = 18;
  const TEXT_OID = 25; // accepted by the adapter's type mapping; corrected to Character below
  const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils
  // queryRaw() builds its result from performIO()'s `rows` array: key the "char" columns by it.
  const charColumns = new WeakMap<object, number[]>();
  const performIO = queryableProto.performIO;
  queryableProto.performIO = async function (this: unknown, query: unknown) {
    const result = await performIO.call(this, query);
    const fields: { dataTypeID: number }[] = result?.fields ?? [];
    const chars = fields.flatMap((f, i) => (f.dataTypeID === CHAR_OID ? [i] : []));
    if (chars.length) {
      for (const i of chars) fields[i]!.dataTypeID = TEXT_OID;
      charColumns.set(result.rows, chars);
    }
    return result;
  };
  const queryRaw = queryableProto.queryRaw;
  queryableProto.queryRaw = async function (this: unknown, query: unknown) {
    const result = await queryRaw.call(this, query);
    for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = COLUMN_TYPE_CHARACTER;
    return result;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the adapter's prototype is untyped here
  adapterProto.executeScript = async function (this: any, script: string) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
  patched = true;
}

//  3. connectToShadowDb()'s cleanup drops the shadow database before closing the pool connected to it,
//     so the DROP fails ("being accessed by other users") and the shadow database is left behind.
//     Close the shadow pool first, then drop it (WITH (FORCE), PostgreSQL 13+), then close the
//     maintenance connection the original leaks.
function withShadowCleanup(factory: PrismaPg, config: pg.PoolConfig): PrismaPg {
  factory.connectToShadowDb = async () => {
    const admin = await factory.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new PrismaPg({ ...config, database }).connect();
    const closeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      try {
        await closeShadow();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await admin.dispose();
      }
    };
    return shadow;
  };
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: need('PRISMA6_SCHEMA'),
  async adapter() {
    // Separate fields, not a connection string: connectToShadowDb() spreads this object with its own
    // `database`, and a connectionString would silently override it (the "shadow" would be the real
    // database).
    const config: pg.PoolConfig = {
      host: need('PRISMA6_PG_HOST'),
      port: Number(need('PRISMA6_PG_PORT')),
      user: need('PRISMA6_PG_USER'),
      password: need('PRISMA6_PG_PASSWORD'),
      database: need('PRISMA6_PG_DATABASE'),
      // Prisma 6 leaves a pool open after the diff: without this the CLI idles 10 s before exiting.
      allowExitOnIdle: true,
    };
    const factory = new PrismaPg(config);
    await patchAdapterClasses(factory);
    return withShadowCleanup(factory, config);
  },
});
