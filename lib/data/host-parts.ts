import './server-only';
import { db } from '../db/client';
import type { HostReader } from '../mail/partial-host';
import { changeSeqOf } from './snapshot-cache';
import type { MailSnapshot } from '../mail/snapshot';
import { readHostObjects, readHostSnapshot, readVirtmapsOf, snapshotLists } from './snapshots';

// A host read in parts for a render shard by shard (lib/sync/render-in-shards.ts; docs/decisions/0011,
// step 5): the host without its virtmaps, then domains with theirs, a chunk at a time, so a full publish
// never holds a whole host. Every part comes from one REPEATABLE READ transaction, open while the caller
// uses the reader: the parts are one state of the host, the one at the changeSeq it is given.

/** How long a render may keep its parts' transaction open: a full publish of a million addresses takes seconds. */
const PARTS_TIMEOUT_MS = 600_000;

/** `use` given a reader of host `mailHostId` and the changeSeq its parts are at; the transaction ends with it. */
export async function withHostParts<T>(mailHostId: string, use: (reader: HostReader, changeSeq: bigint) => Promise<T>): Promise<T> {
  return db().$transaction(
    async (tx) => {
      const changeSeq = await changeSeqOf(mailHostId, tx);
      // The host's domains, read with the host without its virtmaps: each chunk's virtmaps by their ids.
      let domains = new Map<string, { id: string; name: string; owner: string; strict: boolean }>();
      let host: MailSnapshot['host'] | undefined;
      const reader: HostReader = {
        hostWide: async () => {
          const objects = await readHostObjects(mailHostId, tx, undefined, { virtmaps: true });
          domains = new Map(objects.domains.map((d) => [d.name, d]));
          host = objects.host;
          return { version: 2, host: objects.host, ...snapshotLists(objects) };
        },
        domains: async (names) => {
          if (!host) throw new Error('hostWide() is read first');
          const rows = names.flatMap((n) => domains.get(n) ?? []);
          const virtmaps = await readVirtmapsOf(tx, rows);
          return { version: 2, host, ...snapshotLists({ host, domains: rows, accounts: [], aliases: [], virtmaps }) };
        },
        whole: () => readHostSnapshot(mailHostId, tx),
      };
      return use(reader, changeSeq);
    },
    { isolationLevel: 'RepeatableRead', timeout: PARTS_TIMEOUT_MS },
  );
}
