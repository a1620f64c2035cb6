import './server-only';
import { isDeepStrictEqual } from 'node:util';
import { db, type Tx } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import { askNearby, type HostKeys, type HostPart } from '../mail/partial-host';
import { flavorOf, type MailSnapshot } from '../mail/snapshot';
import { readHostObjects, readHostSnapshot, snapshotLists } from './snapshots';
import { changeSeqOf, snapshotAt, StaleSnapshotError } from './snapshot-cache';

// A question about a few addresses (where does this address go, which mailbox does it sign in to) asked
// of the part of the host it reaches (lib/mail/partial-host.ts), read with indexed queries, instead of a
// whole host read and kept in memory (docs/decisions/0011, step 2). At a million addresses a whole read
// took 5-9 s and about 2 GB; a route reaches a few domains and names.
//
// The loads of one question run in one REPEATABLE READ transaction: each round sees the same commit.
// MAILPANEL_VERIFY_SNAPSHOT_CACHE=1 (the test suites set it) asks the whole host too, and throws if the
// answers differ: every trace of the integration and browser suites checks the part against the whole.

/** How long one question's transaction may take: a fallback to the whole host reads it (5-9 s at a million addresses). */
const WHOLE_HOST_TIMEOUT_MS = 120_000;

/** How many loads, and objects in them, the questions of this process read: what the tests see of the part's size. */
export const nearbyReads = { loads: 0, objects: 0 };

/** `ask` answered on the part of host `mailHostId` it reaches, for the customers `owners` (or an operator). */
export async function askHost<R>(
  mailHostId: string,
  ask: (snapshot: MailSnapshot) => R,
  owners?: ReadonlySet<string> | null,
  start?: (tx: Tx) => Promise<HostKeys>,
): Promise<R> {
  return db().$transaction(
    async (tx) => {
      const host = await tx.mailHost.findUniqueOrThrow({ where: { id: mailHostId }, select: { name: true, flavor: true } });
      const found = await askNearby(
        { version: 2, host: { name: host.name, flavor: flavorOf(host.flavor) } },
        (keys) => readHostPart(mailHostId, keys, tx),
        ask,
        owners,
        start && (await start(tx)),
      );
      // A route that keeps reaching further (a chain of dozens of domains) is asked of the whole host.
      if (!found) return ask(await snapshotAt(mailHostId, await changeSeqOf(mailHostId, tx), tx));
      if (process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE === '1') {
        const whole = ask(await readHostSnapshot(mailHostId, tx));
        if (!isDeepStrictEqual(whole, found.answer))
          throw new StaleSnapshotError(
            `A question asked of part of mail host ${mailHostId} was answered otherwise than by the whole host.`,
          );
      }
      return found.answer;
    },
    // The whole host, where a question is asked of it (or checked against it), takes seconds to read at a
    // million addresses: more than an interactive transaction's default 5 s.
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: WHOLE_HOST_TIMEOUT_MS },
  );
}

/** The objects of `keys` on the host (lib/mail/partial-host.ts, HostPart), by index. */
async function readHostPart(mailHostId: string, keys: HostKeys, tx: Tx): Promise<HostPart> {
  // A host-level name is `tag-name` (a tag has no "-"): the customer with that tag, and its name.
  const split = keys.names.flatMap((n) => {
    const at = n.indexOf('-');
    return at > 0 ? [{ tag: n.slice(0, at), name: n.slice(at + 1) }] : [];
  });
  const tags = [...new Set([...split.map((s) => s.tag), ...(keys.owners ?? [])])];
  const customers = tags.length
    ? await tx.customer.findMany({ where: { mailTag: { in: tags } }, select: { id: true, mailTag: true } })
    : [];
  const idOf = new Map(customers.map((c) => [c.mailTag, c.id]));
  const names = split.flatMap(({ tag, name }) => {
    const customerId = idOf.get(tag);
    return customerId ? [{ customerId, name }] : [];
  });
  const present = await presence(
    mailHostId,
    (keys.owners ?? []).flatMap((t) => idOf.get(t) ?? []),
    tx,
  );
  const named = [...names, ...present.names];
  const part = await readHostObjects(mailHostId, tx, {
    domains: [...keys.domains, ...present.domains],
    accounts: named,
    aliases: named,
  });
  nearbyReads.loads += 1;
  nearbyReads.objects += part.domains.length + part.accounts.length + part.aliases.length + part.virtmaps.length;
  return snapshotLists(part);
}

/** For each customer, one thing it has on the host, if any: an account's or alias's name, else a live domain. */
async function presence(
  mailHostId: string,
  customerIds: string[],
  tx: Tx,
): Promise<{ names: { customerId: string; name: string }[]; domains: string[] }> {
  if (customerIds.length === 0) return { names: [], domains: [] };
  const rows = await tx.$queryRaw<{ customerId: string; name: string | null; domain: string | null }[]>`
    SELECT c.id AS "customerId",
      COALESCE(
        (SELECT a.name FROM "Account" a WHERE a."mailHostId" = ${mailHostId}::uuid AND a."customerId" = c.id LIMIT 1),
        (SELECT a.name FROM "Alias" a WHERE a."mailHostId" = ${mailHostId}::uuid AND a."customerId" = c.id LIMIT 1)) AS name,
      (SELECT d.name FROM "Domain" d WHERE d."mailHostId" = ${mailHostId}::uuid AND d."customerId" = c.id
         AND d.enabled AND d."verifiedAt" IS NOT NULL ORDER BY d.name LIMIT 1) AS domain
    FROM "Customer" c WHERE c.id = ANY(${customerIds}::uuid[])`;
  return {
    names: rows.flatMap((r) => (r.name !== null ? [{ customerId: r.customerId, name: r.name }] : [])),
    domains: rows.flatMap((r) => (r.name === null && r.domain !== null ? [r.domain] : [])),
  };
}

/** All of one customer's keys on a host: its live domains and its names (`tag-name`), for askHost's `start`. */
export async function customerKeys(tx: Tx, mailHostId: string, customerId: string, tag: string): Promise<HostKeys> {
  const domains = await tx.domain.findMany({
    where: { mailHostId, customerId, enabled: true, verifiedAt: { not: null } },
    select: { name: true },
  });
  const where = { mailHostId, customerId };
  const names = [
    ...(await tx.account.findMany({ where, select: { name: true } })),
    ...(await tx.alias.findMany({ where, select: { name: true } })),
  ];
  return { domains: domains.map((d) => d.name), names: [...new Set(names.map((n) => `${tag}-${n.name}`))] };
}
