import './server-only';
import { db, type Tx } from '../db/client';
import { patchSnapshot, type OwnedName } from '../mail/snapshot-patch';
import type { MailSnapshot } from '../mail/snapshot';
import { readHostObjects, type HostPart } from './snapshots';

// The host after a save's writes, without reading the whole host again (docs/decisions/0011, step 1).
// While a save's transaction has `mailpanel.journal` on, triggers on every table a snapshot is read from
// write the keys each statement touched into "MailJournal" (prisma/migrations/…_save_journal): a domain
// (its row or any of its virtmaps), an account (its row or its autoreply), an alias (its row or its
// targets), or `all` (a customer's mail tag changed). The save reads those objects again and puts them in
// place in the snapshot it had before (lib/mail/snapshot-patch.ts). No write path can forget to report
// what it touched: the triggers see every statement. Before it commits, the save stamps its rows with the
// changeSeq it commits as and marks that changeSeq journaled; the sync worker, which kept the host as it
// last published it, patches that to the changeSeq it publishes the same way, and prunes the rows after.
// lib/data/snapshot-cache.ts decides when to patch, and checks every patch in the test suites.

/** Past this many touched keys a whole read is as quick (a bulk change, an import). */
const MOST_KEYS = 20_000;

/** A host that never publishes (disabled, failing) keeps the journal of this many changeSeqs at most. */
const KEEP_SEQS = 1_000n;

/** Turns the journal on for the rest of the transaction (set before the save's writes). */
export async function startJournal(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT set_config('mailpanel.journal', 'on', true)`;
}

/**
 * Stamps the save's journal rows for this host with the changeSeq it commits as (the last of `seqs`, the
 * host's bumps by this save), and marks each of `seqs` journaled in full: unless the save changed a
 * customer's tag, which touches every host's names (those rows go, and the mark with them).
 */
export async function sealJournal(tx: Tx, mailHostId: string, seqs: bigint[]): Promise<void> {
  const last = seqs[seqs.length - 1];
  if (last === undefined) return;
  await tx.$executeRaw`UPDATE "MailJournal" SET "changeSeq" = ${last} WHERE txid = txid_current() AND "mailHostId" = ${mailHostId}::uuid`;
  await tx.$executeRaw`
    INSERT INTO "MailJournal" ("mailHostId", kind, "changeSeq")
    SELECT ${mailHostId}::uuid, 'seq', s FROM unnest(${seqs}::bigint[]) s
    WHERE NOT EXISTS (SELECT 1 FROM "MailJournal" WHERE txid = txid_current() AND "mailHostId" IS NULL)`;
  await pruneJournal(mailHostId, last - KEEP_SEQS, tx);
}

/** Removes what the save's journal left unstamped (rows for every host; hosts it did not bump). */
export async function clearJournal(tx: Tx): Promise<void> {
  await tx.$executeRaw`DELETE FROM "MailJournal" WHERE txid = txid_current() AND "changeSeq" IS NULL`;
}

/** After a publish of changeSeq `seq`: its journal is no longer needed by the worker (others read whole). */
export async function pruneJournal(mailHostId: string, seq: bigint, tx: Tx = db()): Promise<void> {
  await tx.$executeRaw`DELETE FROM "MailJournal" WHERE "mailHostId" = ${mailHostId}::uuid AND "changeSeq" <= ${seq}`;
}

/**
 * `before` patched with what the transaction's own writes touched (`since` absent: a save, before it
 * commits), or with what the saves between changeSeq `since.from` (the host `before` is) and `since.to`
 * touched. Null where the journal cannot vouch for it: a changeSeq between with no mark (bumped by some
 * other writer), a customer's tag changed, too many keys, or keys the patch does not take
 * (lib/mail/snapshot-patch.ts). The caller then reads the host whole.
 */
export async function journaledHost(
  mailHostId: string,
  before: MailSnapshot,
  tx: Tx,
  since?: { from: bigint; to: bigint },
): Promise<MailSnapshot | null> {
  // One statement for the marks and the keys: a publish's prune (of both) between two reads would leave the
  // marks counted and the keys gone.
  const found = since
    ? await tx.$queryRaw<(JournalRow & { seq: bigint | null })[]>`
        SELECT DISTINCT kind, "customerId"::text AS "customerId", name, CASE WHEN kind = 'seq' THEN "changeSeq" END AS seq
        FROM "MailJournal"
        WHERE "mailHostId" = ${mailHostId}::uuid AND "changeSeq" > ${since.from} AND "changeSeq" <= ${since.to}
        LIMIT ${MOST_KEYS + 1 + Number(since.to - since.from)}`
    : await tx.$queryRaw<JournalRow[]>`
        SELECT DISTINCT kind, "customerId"::text AS "customerId", name FROM "MailJournal"
        WHERE txid = txid_current() AND ("mailHostId" = ${mailHostId}::uuid OR "mailHostId" IS NULL) LIMIT ${MOST_KEYS + 1}`;
  const rows = found.filter((r) => r.kind !== 'seq');
  if (since && BigInt(found.length - rows.length) !== since.to - since.from) return null;
  if (rows.length > MOST_KEYS || rows.some((r) => r.kind === 'all')) return null;
  const part: HostPart = { domains: [], accounts: [], aliases: [] };
  for (const { kind, customerId, name } of rows) {
    if (name === null) return null;
    if (kind === 'domain') part.domains.push(name);
    else if (customerId !== null && (kind === 'account' || kind === 'alias'))
      part[kind === 'account' ? 'accounts' : 'aliases'].push({ customerId, name });
    else return null;
  }
  const now = await readHostObjects(mailHostId, tx, part);
  const tags = await customerTags(
    [...part.accounts, ...part.aliases].map((n) => n.customerId),
    tx,
  );
  const owned = (names: HostPart['accounts']): OwnedName[] | null => {
    const out: OwnedName[] = [];
    for (const n of names) {
      const owner = tags.get(n.customerId);
      if (owner === undefined) return null;
      out.push({ owner, name: n.name });
    }
    return out;
  };
  const accountsTouched = owned(part.accounts);
  const aliasesTouched = owned(part.aliases);
  if (!accountsTouched || !aliasesTouched) return null;
  return patchSnapshot(before, {
    host: now.host,
    domainsTouched: part.domains,
    domains: now.domains,
    virtmaps: now.virtmaps,
    accountsTouched,
    accounts: now.accounts,
    aliasesTouched,
    aliases: now.aliases,
  });
}

interface JournalRow {
  kind: string;
  customerId: string | null;
  name: string | null;
}

async function customerTags(ids: string[], tx: Tx): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: string; tag: string }[]>`
    SELECT id::text AS id, "mailTag" AS tag FROM "Customer" WHERE id = ANY(${[...new Set(ids)]}::uuid[])`;
  return new Map(rows.map((r) => [r.id, r.tag]));
}
