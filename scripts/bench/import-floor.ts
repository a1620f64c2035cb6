// The database's own share of an import: after `npm run bench -- --import`, the same rows the import wrote
// (domains, accounts, aliases, their targets, virtmaps) are written once more by PostgreSQL alone, each
// table in one INSERT … SELECT from the imported rows, in the import's order, into the same tables with the
// same indexes and constraints (each table's rows staged first, untimed), then rolled back. No client, no parsing, no planning, no checks: what
// no importer on this schema can go below. The copies get another host, domain names with a prefix, and
// ids with their first hex digit replaced (still ascending as the import's were).
import { db } from '../../lib/db/client';

const TABLES = [
  { table: 'Domain', where: `"mailHostId" = $1`, order: 'name', set: { name: `'floor-' || name` } },
  { table: 'Account', where: `"mailHostId" = $1`, order: 'name', set: {} },
  { table: 'Alias', where: `"mailHostId" = $1`, order: 'name', set: {} },
  {
    table: 'AliasTarget',
    where: `"aliasId" IN (SELECT id FROM "Alias" WHERE "mailHostId" = $1)`,
    order: '"aliasId", position',
    set: { aliasId: moved('aliasId') },
  },
  {
    table: 'Virtmap',
    where: `"domainId" IN (SELECT id FROM "Domain" WHERE "mailHostId" = $1)`,
    order: '"domainId", "localPart"',
    set: { domainId: moved('domainId') },
  },
] as const;

/** An id with its first hex digit made `f`: distinct, and in the same order as the ids it copies. */
function moved(column: string): string {
  return `overlay("${column}"::text placing 'f' from 1 for 1)::uuid`;
}

/** Milliseconds PostgreSQL takes to write, on its own, the rows an import wrote to `hostId`; by table. */
export async function databaseFloor(hostId: string): Promise<{ ms: number; tables: Record<string, number> }> {
  const tables: Record<string, number> = {};
  let ms = 0;
  class RolledBack extends Error {}
  // The import's own aftermath (autovacuum of a million new rows, a checkpoint of its WAL) is let finish
  // first, so it does not land in the timed writes.
  await db().$executeRawUnsafe('CHECKPOINT');
  for (const { table } of TABLES) await db().$executeRawUnsafe(`VACUUM ANALYZE "${table}"`);
  try {
    await db().$transaction(
      async (tx) => {
        const copy = await tx.$queryRawUnsafe<{ id: string }[]>(
          `INSERT INTO "MailHost" (id, name, flavor, transport, "mapDir", settings, "updatedAt")
           SELECT gen_random_uuid(), 'floor-' || name, flavor, transport, "mapDir" || '-floor', settings, now()
           FROM "MailHost" WHERE id = $1::uuid RETURNING id::text`,
          hostId,
        );
        for (const { table, where, order, set } of TABLES) {
          const columns = await tx.$queryRawUnsafe<{ name: string }[]>(
            `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
            table,
          );
          const values = columns.map(({ name }) => {
            if (name === 'id') return `${moved('id')} AS id`;
            if (name === 'mailHostId') return `'${copy[0]!.id}'::uuid AS "mailHostId"`;
            const expression = (set as Record<string, string>)[name];
            return expression ? `${expression} AS "${name}"` : `"${name}"`;
          });
          // Staged first (not timed), so only the write itself is measured.
          await tx.$executeRawUnsafe(
            `CREATE TEMP TABLE "floor${table}" AS
             SELECT ${values.join(', ')} FROM "${table}" WHERE ${where.replace('$1', '$1::uuid')} ORDER BY ${order}`,
            hostId,
          );
          const started = performance.now();
          await tx.$executeRawUnsafe(
            `INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) SELECT * FROM "floor${table}"`,
          );
          tables[table] = Math.round(performance.now() - started);
          ms += tables[table];
        }
        throw new RolledBack();
      },
      { timeout: 600_000 },
    );
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  return { ms, tables };
}
