// The snapshots a process keeps between a save, its confirmation, a trace and the publish
// (lib/data/snapshot-cache.ts): reused only while the host's changeSeq is the one they were read at, right
// after each save, and caught in the act when a write skips markHostChanged (the integration suite runs
// with MAILPANEL_VERIFY_SNAPSHOT_CACHE=1: vitest.config.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createAccount } from '../lib/data/accounts';
import { NeedsConfirmation } from '../lib/data/errors';
import { traceForActor } from '../lib/data/routes';
import { reviewsReused } from '../lib/data/repeated-review';
import { changeSeqOf, readAndKeep, rememberSnapshot, snapshotAt, StaleSnapshotError } from '../lib/data/snapshot-cache';
import { loadRenderInput } from '../lib/data/sync-host-state';
import { createVirtmap, updateVirtmap } from '../lib/data/virtmaps';
import { AccountInput } from '../lib/validation/accounts';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

let world: { hostId: string; domainId: string; domain: string; customer: Awaited<ReturnType<typeof makeCustomer>> };

beforeAll(async () => {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const reseller = await makeReseller(admin, [host.id]);
  const customer = await makeCustomer(reseller.actor);
  const domain = await makeDomain(reseller.actor, customer.id, host.id);
  world = { hostId: host.id, domainId: domain.id, domain: domain.name, customer };
  await createAccount(
    customer.actor,
    AccountInput.parse({ name: 'joe', password: 'a good long password', quotaMb: '10', mailHostId: host.id, addressDomainId: domain.id }),
    { confirm: () => true },
  );
});

const seq = () => changeSeqOf(world.hostId, db());
const keys = (s: Awaited<ReturnType<typeof snapshotAt>>) => s.virtmaps.map((v) => `${v.localPart}@${v.domain}`);
const toJoe = (localPart: string) => ({
  domainId: world.domainId,
  localPart,
  protectAccounts: false,
  target: { kind: 'local' as const, name: 'joe' },
  aliasTargets: null,
  aliasName: null,
});

/** A virtmap to joe written past the panel, without bumping changeSeq: only a read of the database sees it. */
async function byHand(localPart: string): Promise<string> {
  await db().virtmap.create({ data: { domainId: world.domainId, localPart, targetKind: 'LOCAL', targetValue: 'joe' } });
  return `${localPart}@${world.domain}`;
}

/** Runs `fn` with the reuse check off, to see what is kept rather than what the check reads again. */
async function unchecked<T>(fn: () => Promise<T>): Promise<T> {
  delete process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE;
  try {
    return await fn();
  } finally {
    process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE = '1';
  }
}

describe('the snapshots kept between saves', () => {
  it('a save keeps the host as it left it and the publish starts from it; the route page asks the database', async () => {
    const at = await seq();
    await createVirtmap(world.customer.actor, toJoe('sales'), { confirm: () => true });
    expect(await seq()).toBe(at + 1n);
    const hidden = await byHand('hidden');
    await unchecked(async () => {
      // Kept, not read: the save's own "after" has sales, and not the row written past the panel.
      const kept = await snapshotAt(world.hostId, at + 1n, db());
      expect(keys(kept)).toContain(`sales@${world.domain}`);
      expect(keys(kept)).not.toContain(hidden);
      expect(await snapshotAt(world.hostId, at + 1n, db())).toBe(kept);
      expect((await loadRenderInput(world.hostId)).snapshot).toBe(kept);
      // The route page reads the part of the host the route reaches (lib/data/host-nearby.ts), not the
      // kept host: it sees the row written past the panel too.
      expect((await traceForActor(world.customer.actor, `sales@${world.domain}`)).deliveries).toEqual([{ kind: 'account', name: 'joe' }]);
      expect((await traceForActor(world.customer.actor, hidden)).deliveries).toEqual([{ kind: 'account', name: 'joe' }]);
    });
    // The check reads again, finds the difference, and drops what was kept.
    await expect(snapshotAt(world.hostId, at + 1n, db())).rejects.toThrow(StaleSnapshotError);
    expect(keys(await snapshotAt(world.hostId, at + 1n, db()))).toContain(hidden);
    await db().virtmap.deleteMany({ where: { domainId: world.domainId, localPart: 'hidden' } });
    await readAndKeep(world.hostId, await seq(), db());
  });

  it('a preview that is not confirmed keeps nothing of its change, neither now nor after the next save', async () => {
    const at = await seq();
    const preview = await createVirtmap(world.customer.actor, toJoe(''), { confirm: () => false }).catch((e: unknown) => e);
    expect(preview).toBeInstanceOf(NeedsConfirmation);
    expect(await seq()).toBe(at);
    expect(keys(await snapshotAt(world.hostId, at, db()))).not.toContain(`@${world.domain}`);
    await createVirtmap(world.customer.actor, toJoe('office'), { confirm: () => true });
    const next = await unchecked(() => snapshotAt(world.hostId, at + 1n, db()));
    expect(keys(next)).toContain(`office@${world.domain}`);
    expect(keys(next)).not.toContain(`@${world.domain}`);
  });

  it('an older snapshot never replaces a newer one, and a read whose changeSeq moved is not kept', async () => {
    const at = await seq();
    const current = await readAndKeep(world.hostId, at, db());
    rememberSnapshot(world.hostId, at - 1n, { ...current, virtmaps: [] });
    expect(await snapshotAt(world.hostId, at, db())).toBe(current);
    // A read after which changeSeq is not the one read before it (here: one the host is not at) is handed
    // out, not kept: asked for again, it is read again.
    const moved = await readAndKeep(world.hostId, at + 1n, db());
    expect(await unchecked(() => snapshotAt(world.hostId, at + 1n, db()))).not.toBe(moved);
  });

  it("a confirmation takes its preview's review only for the same change on the same host", async () => {
    const shown: string[][] = [];
    const confirm = (answer: boolean) => (review: { changes: { address: string; after: string }[] }) => {
      shown.push(review.changes.map((c) => `${c.address}: ${c.after}`));
      return answer;
    };
    const toElsewhere = { ...toJoe('billing'), target: { kind: 'external' as const, address: 'billing@elsewhere.example' } };
    // Preview and confirmation of the same change: the confirmation is not reviewed again, and shows the same.
    let reused = reviewsReused.count;
    await expect(createVirtmap(world.customer.actor, toJoe('billing'), { confirm: confirm(false) })).rejects.toBeInstanceOf(
      NeedsConfirmation,
    );
    await createVirtmap(world.customer.actor, toJoe('support'), { confirm: () => true });
    // (another save came in between: the host moved on, so the next confirmation is reviewed afresh)
    await createVirtmap(world.customer.actor, toJoe('billing'), { confirm: confirm(true) });
    expect(reviewsReused.count).toBe(reused);
    await expect(createVirtmap(world.customer.actor, toJoe('sales2'), { confirm: confirm(false) })).rejects.toBeInstanceOf(
      NeedsConfirmation,
    );
    await createVirtmap(world.customer.actor, toJoe('sales2'), { confirm: confirm(true) });
    expect(reviewsReused.count).toBe(reused + 1);
    expect(shown.at(-1)).toEqual(shown.at(-2));
    // A confirmation of another change than the one previewed is reviewed afresh, and shows its own routes.
    reused = reviewsReused.count;
    const billing = await db().virtmap.findFirstOrThrow({
      where: { domainId: world.domainId, localPart: 'billing' },
      select: { id: true },
    });
    await expect(updateVirtmap(world.customer.actor, billing.id, toElsewhere, { confirm: confirm(false) })).rejects.toBeInstanceOf(
      NeedsConfirmation,
    );
    const toOther = { ...toElsewhere, target: { kind: 'external' as const, address: 'other@elsewhere.example' } };
    await updateVirtmap(world.customer.actor, billing.id, toOther, { confirm: confirm(true) });
    expect(reviewsReused.count).toBe(reused);
    expect(shown.at(-1)?.join()).toContain('other@elsewhere.example');
    expect(shown.at(-2)?.join()).toContain('billing@elsewhere.example');
  });
});
