// The snapshots a process keeps between a save, its confirmation, a trace and the publish
// (lib/data/snapshot-cache.ts): reused only while the host's changeSeq is the one they were read at, right
// after each save, and caught in the act when a write skips markHostChanged (the suites run with
// MAILPANEL_VERIFY_SNAPSHOT_CACHE=1; this file sets it itself as well).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createAccount } from '../lib/data/accounts';
import { NeedsConfirmation } from '../lib/data/errors';
import { traceForActor } from '../lib/data/routes';
import { changeSeqOf, snapshotAt, StaleSnapshotError } from '../lib/data/snapshot-cache';
import { loadRenderInput } from '../lib/data/sync-runs';
import { createVirtmap } from '../lib/data/virtmaps';
import { AccountInput } from '../lib/validation/accounts';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff } from './support/factories';
import { usePanelDatabase } from './support/panel-db';

usePanelDatabase();

const verifying = process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE;
let world: { hostId: string; domainId: string; domain: string; customer: Awaited<ReturnType<typeof makeCustomer>> };

beforeAll(async () => {
  process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE = '1';
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const reseller = await makeReseller(admin, [host.id]);
  const customer = await makeCustomer(reseller.actor);
  const domain = await makeDomain(reseller.actor, customer.id, host.id);
  world = { hostId: host.id, domainId: domain.id, domain: domain.name, customer };
  await createAccount(customer.actor, AccountInput.parse({ name: 'joe', password: 'a good long password', quotaMb: '10', mailHostId: host.id, addressDomainId: domain.id }), { confirm: () => true });
});

afterAll(() => {
  if (verifying === undefined) delete process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE;
  else process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE = verifying;
});

const seq = () => changeSeqOf(world.hostId, db());
const keys = (s: Awaited<ReturnType<typeof snapshotAt>>) => s.virtmaps.map((v) => `${v.localPart}@${v.domain}`);

describe('the snapshots kept between saves', () => {
  it('hands out the host as the last save left it, without reading it again, until the next change', async () => {
    const at = await seq();
    const first = await snapshotAt(world.hostId, at, db());
    expect(keys(first)).toContain(`joe@${world.domain}`);
    expect(await snapshotAt(world.hostId, at, db())).toBe(first); // the very same object: not read again
    await createVirtmap(world.customer.actor, { domainId: world.domainId, localPart: 'sales', protectAccounts: false, target: { kind: 'local', name: 'joe' }, aliasTargets: null, aliasName: null }, { confirm: () => true });
    expect(await seq()).toBe(at + 1n);
    const next = await snapshotAt(world.hostId, at + 1n, db());
    expect(next).not.toBe(first);
    expect(keys(next)).toContain(`sales@${world.domain}`);
    // The publish and the route page start from it too, and see the change.
    expect((await loadRenderInput(world.hostId)).snapshot).toBe(next);
    expect((await traceForActor(world.customer.actor, `sales@${world.domain}`)).deliveries).toEqual([{ kind: 'account', name: 'joe' }]);
  });

  it('a preview that is not confirmed keeps nothing of its change', async () => {
    const at = await seq();
    const preview = await createVirtmap(world.customer.actor, { domainId: world.domainId, localPart: '', protectAccounts: false, target: { kind: 'local', name: 'joe' }, aliasTargets: null, aliasName: null }, { confirm: () => false }).catch((e: unknown) => e);
    expect(preview).toBeInstanceOf(NeedsConfirmation);
    expect(await seq()).toBe(at);
    expect(keys(await snapshotAt(world.hostId, at, db()))).not.toContain(`@${world.domain}`);
  });

  it('a write that skipped markHostChanged is caught: the kept snapshot is refused, and dropped', async () => {
    const at = await seq();
    await snapshotAt(world.hostId, at, db());
    await db().virtmap.create({ data: { domainId: world.domainId, localPart: 'sneaky', targetKind: 'LOCAL', targetValue: 'joe' } });
    await expect(snapshotAt(world.hostId, at, db())).rejects.toThrow(StaleSnapshotError);
    expect(keys(await snapshotAt(world.hostId, at, db()))).toContain(`sneaky@${world.domain}`);
  });

  it('the drift check reads the database itself, whatever is kept', async () => {
    const at = await seq();
    const kept = await snapshotAt(world.hostId, at, db());
    const fresh = await loadRenderInput(world.hostId, { fresh: true });
    expect(fresh.changeSeq).toBe(at);
    expect(fresh.snapshot).not.toBe(kept);
    expect(fresh.snapshot).toEqual(kept);
  });
});
