// Seeds the benchmark's mail host straight in SQL (generate_series): the data layer reviews every change
// against the whole host's routes, which is right for a person and hours for a million rows. Ids are
// md5-derived from each row's number, so rows can point at each other without joins.
//
// The shape, per domain i (d<i>.bench.example), 10 addresses at the default 1,000,000 / 100,000:
//   @d           -> u<i>a          the catch-all (every domain has one)
//   u<i>a@d      -> u<i>a          the accounts' own addresses (they would lose mail to the catch-all)
//   u<i>b@d      -> u<i>b
//   info@d       -> team<i>        an alias (team<i>: u<i>a, u<i>b)
//   old@d        -> error:5.1.1:550 No longer here
//   partner@d    -> u<i>@partner.example
//   k6@d, k7@d … -> u<i>a / u<i>b  (the rest)
// Accounts u<i>a and u<i>b, alias team<i>; 100 domains per customer, one reseller.
import pg from 'pg';

export interface BenchShape {
  addresses: number;
  domains: number;
}

export interface SeededHost {
  id: string;
  name: string;
  accounts: number;
  aliases: number;
  virtmaps: number;
}

export interface BenchChange {
  domain: number;
  key: string;
  localPart: string;
  before: string;
  after: string;
}

/**
 * Where the k-th of `of` changes of the benchmark lands: an account's own address on a domain of its own,
 * spread evenly over the data (the first of one change: the middle), retargeted to the other account.
 */
export function changedKey(shape: BenchShape, k = 0, of = 1): BenchChange {
  const i = Math.max(1, Math.min(shape.domains, Math.ceil((shape.domains * (k + 1)) / (of + 1))));
  return { domain: i, key: `u${i}a@d${i}.bench.example`, localPart: `u${i}a`, before: `u${i}a`, after: `u${i}b` };
}

export async function seedBench(
  url: string,
  shape: BenchShape,
  host: { name: string; flavor: 'POSTFIX' | 'SENDMAIL'; mapDir: string; settings: object; passwordHash: string },
): Promise<SeededHost> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { addresses: n, domains: d } = shape;
  const per = Math.floor(n / d);
  const extra = n - per * d; // the first `extra` domains get one key more
  const customer = (i: string) => `md5('c' || ((${i} - 1) / 100 + 1))::uuid`;
  try {
    await client.query('BEGIN');
    // Every row is consistent by construction: skip the per-row foreign-key triggers (superuser only).
    await client.query('SET LOCAL session_replication_role = replica');
    const reseller = (
      await client.query<{ id: string }>(
        `INSERT INTO "Reseller" (id, name, "updatedAt") VALUES (gen_random_uuid(), 'Bench reseller', now()) RETURNING id`,
      )
    ).rows[0]?.id;
    const hostId = (
      await client.query<{ id: string }>(
        `INSERT INTO "MailHost" (id, name, flavor, transport, "mapDir", settings, "updatedAt") VALUES (gen_random_uuid(), $1, $4::"MailFlavor", 'LOCAL', $2, $3, now()) RETURNING id`,
        [host.name, host.mapDir, JSON.stringify(host.settings), host.flavor],
      )
    ).rows[0]?.id;
    if (!reseller || !hostId) throw new Error('seed: no reseller or host id');
    await client.query(`INSERT INTO "ResellerMailHost" ("resellerId", "mailHostId") VALUES ($1, $2)`, [reseller, hostId]);
    await client.query(
      `INSERT INTO "Customer" (id, "resellerId", name, "mailTag", "updatedAt")
       SELECT md5('c' || c)::uuid, $1, 'Bench customer ' || c, 'b' || c, now() FROM generate_series(1, ($2::int - 1) / 100 + 1) c`,
      [reseller, d],
    );
    await client.query(
      `INSERT INTO "Domain" (id, name, "mailHostId", "customerId", "verifiedAt", "verifiedBy", "updatedAt")
       SELECT md5('d' || i)::uuid, 'd' || i || '.bench.example', $1, ${customer('i')}, now(), 'operator', now() FROM generate_series(1, $2::int) i`,
      [hostId, d],
    );
    await client.query(
      `INSERT INTO "Account" (id, "mailHostId", "customerId", name, mailbox, "loginAddress", "passwordHash", "quotaMb", "updatedAt")
       SELECT gen_random_uuid(), $1, ${customer('i')}, 'u' || i || s, 'b' || ((i - 1) / 100 + 1) || '-u' || i || s, 'u' || i || s || '@d' || i || '.bench.example', $3, 1024, now()
       FROM generate_series(1, $2::int) i, (VALUES ('a'), ('b')) v(s)`,
      [hostId, d, host.passwordHash],
    );
    await client.query(
      `INSERT INTO "Alias" (id, "mailHostId", "customerId", name, "updatedAt")
       SELECT md5('al' || i)::uuid, $1, ${customer('i')}, 'team' || i, now() FROM generate_series(1, $2::int) i`,
      [hostId, d],
    );
    await client.query(
      `INSERT INTO "AliasTarget" (id, "aliasId", position, kind, value)
       SELECT gen_random_uuid(), md5('al' || i)::uuid, p, 'LOCAL', 'u' || i || s
       FROM generate_series(1, $1::int) i, (VALUES (0, 'a'), (1, 'b')) v(p, s)`,
      [d],
    );
    await client.query(
      `INSERT INTO "Virtmap" (id, "domainId", "localPart", "targetKind", "targetValue", "rejectCode", "rejectText", "updatedAt")
       SELECT gen_random_uuid(), md5('d' || i)::uuid,
         CASE j WHEN 0 THEN '' WHEN 1 THEN 'u' || i || 'a' WHEN 2 THEN 'u' || i || 'b' WHEN 3 THEN 'info' WHEN 4 THEN 'old' WHEN 5 THEN 'partner' ELSE 'k' || j END,
         (CASE j WHEN 4 THEN 'REJECT' WHEN 5 THEN 'EXTERNAL' ELSE 'LOCAL' END)::"VirtmapTargetKind",
         CASE j WHEN 2 THEN 'u' || i || 'b' WHEN 3 THEN 'team' || i WHEN 4 THEN '' WHEN 5 THEN 'u' || i || '@partner.example'
           ELSE 'u' || i || (CASE WHEN j % 2 = 1 OR j < 2 THEN 'a' ELSE 'b' END) END,
         CASE j WHEN 4 THEN 'UNKNOWN_550'::"RejectCode" END,
         CASE j WHEN 4 THEN 'No longer here' END,
         now()
       FROM generate_series(1, $1::int) i, generate_series(0, $2::int) j
       WHERE j < $2::int OR i <= $3::int`,
      [d, per, extra],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
    const count = async (table: string) =>
      Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0]?.n ?? 0);
    return {
      id: hostId,
      name: host.name,
      accounts: await count('Account'),
      aliases: await count('Alias'),
      virtmaps: await count('Virtmap'),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** A change of the host's data with nothing changed (what "Sync now" after an edit amounts to): wakes the worker. */
export async function bumpChangeSeq(url: string, hostId: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`UPDATE "MailHost" SET "changeSeq" = "changeSeq" + 1, "updatedAt" = now() WHERE id = $1`, [hostId]);
  } finally {
    await client.end();
  }
}
