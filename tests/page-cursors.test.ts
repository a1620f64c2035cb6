// A page cursor comes from the address, so anyone can type one: a malformed cursor shows the first page
// (as every list's does, lib/validation/list-query.ts), never a database error and a 500.
import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { listSyncRuns } from '../lib/data/sync-history';
import { makeHost, makeStaff } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

describe("a host's run history (/mail-hosts/{id}?before=…)", () => {
  it('reads a cursor that is not a run id as the first page', async () => {
    const admin = await makeStaff('ADMIN');
    const host = await makeHost(admin);
    const runs = await Promise.all(
      [1, 2, 3].map((n) =>
        db().syncRun.create({
          data: { mailHostId: host.id, changeSeq: BigInt(n), status: 'FAILED', startedAt: new Date(Date.UTC(2026, 0, n)) },
          select: { id: true },
        }),
      ),
    );
    const newestFirst = runs.map((r) => r.id).reverse();
    for (const before of ['zzz', "' OR 1=1 --", '', 'x'.repeat(5000)]) {
      const page = await listSyncRuns(admin, host.id, before);
      expect(page.rows.map((r) => r.id)).toEqual(newestFirst);
    }
    // A well-formed cursor still pages: the runs older than the newest.
    expect((await listSyncRuns(admin, host.id, newestFirst[0])).rows.map((r) => r.id)).toEqual(newestFirst.slice(1));
  });
});
