// The host after a save's writes, read from the save journal (lib/data/save-journal.ts): the triggers on
// every table a snapshot is read from journal what each statement touched, and the host patched with those
// objects equals a whole read. Each case writes past the data layer, as any write path might, inside a
// transaction that is rolled back. Then the journal a save leaves, stamped with its changeSeq, which brings
// a host kept at an older changeSeq (the sync worker's) forward. The whole suite checks every patch the same
// way (MAILPANEL_VERIFY_SNAPSHOT_CACHE=1: vitest.config.ts); here the cases also show the patch was used.
import { beforeAll, describe, expect, it } from 'vitest';
import { db, type Tx } from '../lib/db/client';
import { createAccount } from '../lib/data/accounts';
import { clearJournal, pruneJournal, startJournal } from '../lib/data/save-journal';
import { changeSeqOf, hostAfterWrites, rememberSnapshot, snapshotAt } from '../lib/data/snapshot-cache';
import { readHostSnapshot } from '../lib/data/snapshots';
import { markHostChanged } from '../lib/data/sync-trigger';
import { createVirtmap } from '../lib/data/virtmaps';
import type { MailSnapshot } from '../lib/mail/snapshot';
import { AccountInput } from '../lib/validation/accounts';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

let world: {
  hostId: string;
  domainId: string;
  domain: string;
  otherDomainId: string;
  customer: Awaited<ReturnType<typeof makeCustomer>>;
  accountId: string;
};

beforeAll(async () => {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const reseller = await makeReseller(admin, [host.id]);
  const customer = await makeCustomer(reseller.actor);
  const domain = await makeDomain(reseller.actor, customer.id, host.id);
  const other = await makeDomain(reseller.actor, customer.id, host.id);
  await createAccount(
    customer.actor,
    AccountInput.parse({ name: 'joe', password: 'a good long password', quotaMb: '10', mailHostId: host.id, addressDomainId: domain.id }),
    { confirm: () => true },
  );
  const account = await db().account.findFirstOrThrow({ where: { mailHostId: host.id, name: 'joe' } });
  await db().alias.create({
    data: {
      mailHostId: host.id,
      customerId: customer.id,
      name: 'team',
      targets: { create: [{ position: 0, kind: 'LOCAL', value: 'joe' }] },
    },
  });
  await db().virtmap.create({ data: { domainId: other.id, localPart: 'info', targetKind: 'LOCAL', targetValue: 'team' } });
  await db().mailHost.update({ where: { id: host.id }, data: { changeSeq: { increment: 1 } } });
  world = { hostId: host.id, domainId: domain.id, domain: domain.name, otherDomainId: other.id, customer, accountId: account.id };
});

class RolledBack extends Error {}

/**
 * Runs `writes` in a save-like transaction and returns the host before, the host after as the journal
 * gives it, and the whole read; then rolls everything back.
 */
async function afterWrites(
  writes: (tx: Tx) => Promise<unknown>,
): Promise<{ before: MailSnapshot; after: MailSnapshot; whole: MailSnapshot }> {
  let out: { before: MailSnapshot; after: MailSnapshot; whole: MailSnapshot } | undefined;
  await db()
    .$transaction(async (tx) => {
      await startJournal(tx);
      const seq = await changeSeqOf(world.hostId, tx);
      const before = await snapshotAt(world.hostId, seq, tx);
      await writes(tx);
      const after = await hostAfterWrites(world.hostId, before, seq, tx);
      out = { before, after, whole: await readHostSnapshot(world.hostId, tx) };
      throw new RolledBack();
    })
    .catch((e: unknown) => {
      if (!(e instanceof RolledBack)) throw e;
    });
  return out!;
}

describe('the host after a save, from its journal', () => {
  it('a new virtmap: its domain is read again, the accounts and aliases are the ones from before', async () => {
    const { before, after, whole } = await afterWrites((tx) =>
      tx.virtmap.create({ data: { domainId: world.domainId, localPart: 'sales', targetKind: 'LOCAL', targetValue: 'joe' } }),
    );
    expect(after).toEqual(whole);
    expect(after.virtmaps.map((v) => `${v.localPart}@${v.domain}`)).toContain(`sales@${world.domain}`);
    expect(after.accounts).toBe(before.accounts);
    expect(after.aliases).toBe(before.aliases);
  });

  it('a domain disabled, and one deleted with its virtmaps: both leave the host with all they held', async () => {
    const { before, after, whole } = await afterWrites(async (tx) => {
      await tx.domain.update({ where: { id: world.domainId }, data: { enabled: false } });
      await tx.domain.delete({ where: { id: world.otherDomainId } });
    });
    expect(after).toEqual(whole);
    expect(after.domains).toEqual([]);
    expect(after.virtmaps).toEqual([]);
    expect(before.virtmaps.length).toBeGreaterThan(0);
  });

  it('an account renamed, given an autoreply, and an alias given other targets', async () => {
    const { before, after, whole } = await afterWrites(async (tx) => {
      await tx.autoreply.create({ data: { accountId: world.accountId, subject: 'Away', body: 'Back soon.\n' } });
      await tx.account.update({ where: { id: world.accountId }, data: { name: 'joseph' } });
      const team = await tx.alias.findFirstOrThrow({ where: { mailHostId: world.hostId, name: 'team' } });
      await tx.aliasTarget.deleteMany({ where: { aliasId: team.id } });
      await tx.aliasTarget.create({ data: { aliasId: team.id, position: 0, kind: 'LOCAL', value: 'joseph' } });
    });
    expect(after).toEqual(whole);
    expect(after.accounts.map((a) => [a.name, a.autoreply?.subject])).toEqual([['joseph', 'Away']]);
    expect(after.aliases.find((a) => a.name === 'team')?.targets).toEqual([{ kind: 'local', name: 'joseph' }]);
    expect(after.virtmaps).toBe(before.virtmaps);
  });

  it('a customer whose mail tag changed: the host is read whole', async () => {
    const { before, after, whole } = await afterWrites((tx) =>
      tx.customer.update({ where: { id: world.customer.id }, data: { mailTag: 'renamedtag' } }),
    );
    expect(after).toEqual(whole);
    expect(after.accounts[0]?.owner).toBe('renamedtag');
    expect(after.virtmaps).not.toBe(before.virtmaps);
  });

  it('when the host changed under another mark since the save began, it is read whole', async () => {
    const { before, after, whole } = await afterWrites(async (tx) => {
      await tx.virtmap.create({ data: { domainId: world.domainId, localPart: 'moved', targetKind: 'LOCAL', targetValue: 'joe' } });
      await markHostChanged(tx, world.hostId, null);
    });
    expect(after).toEqual(whole);
    expect(after.accounts).not.toBe(before.accounts);
  });

  it('a save stamps its rows with the changeSeq it commits as; writes outside a save journal nothing', async () => {
    await db().mailJournal.deleteMany();
    const saved = await saveVirtmap('kept');
    await db().virtmap.create({ data: { domainId: world.domainId, localPart: 'byhand', targetKind: 'LOCAL', targetValue: 'joe' } });
    await db().virtmap.deleteMany({ where: { localPart: 'byhand' } });
    const rows = await db().mailJournal.findMany({ select: { kind: true, name: true, changeSeq: true }, orderBy: { id: 'asc' } });
    expect(rows).toEqual([
      { kind: 'domain', name: world.domain, changeSeq: saved },
      { kind: 'seq', name: null, changeSeq: saved },
    ]);
    // Inside a save, its rows are there (unstamped) as soon as it writes.
    await db()
      .$transaction(async (tx) => {
        await startJournal(tx);
        await tx.virtmap.create({ data: { domainId: world.domainId, localPart: 'seen', targetKind: 'LOCAL', targetValue: 'joe' } });
        expect(await tx.mailJournal.findMany({ where: { changeSeq: null }, select: { kind: true, name: true } })).toEqual([
          { kind: 'domain', name: world.domain },
        ]);
        await clearJournal(tx);
        expect(await tx.mailJournal.count({ where: { changeSeq: null } })).toBe(0);
        throw new RolledBack();
      })
      .catch((e: unknown) => {
        if (!(e instanceof RolledBack)) throw e;
      });
  });
});

describe("a host kept at an older changeSeq (the sync worker's)", () => {
  /** Keeps `snapshot` as the host at `seq` in place of whatever this process kept since, as the worker would. */
  function keepOld(seq: bigint, snapshot: MailSnapshot) {
    (globalThis as unknown as { mailpanelSnapshots: Map<string, unknown> }).mailpanelSnapshots.delete(world.hostId);
    rememberSnapshot(world.hostId, seq, snapshot);
  }

  it('is patched with what the saves since touched, when each changeSeq between is journaled', async () => {
    const from = await changeSeqOf(world.hostId, db());
    const old = await snapshotAt(world.hostId, from, db());
    await saveVirtmap('first');
    const to = await saveVirtmap('second');
    keepOld(from, old);
    const now = await snapshotAt(world.hostId, to, db());
    expect(now).toEqual(await readHostSnapshot(world.hostId));
    expect(now.virtmaps.map((v) => v.localPart)).toEqual(expect.arrayContaining(['first', 'second']));
    expect(now.accounts).toBe(old.accounts); // patched, not read whole
    expect(await snapshotAt(world.hostId, to, db())).toBe(now); // and kept at its changeSeq
  });

  it('is read whole across a changeSeq bumped outside a save, or once a publish pruned the journal', async () => {
    const from = await changeSeqOf(world.hostId, db());
    const old = await snapshotAt(world.hostId, from, db());
    await saveVirtmap('third');
    const bumped = await db().$transaction((tx) => markHostChanged(tx, world.hostId, null));
    keepOld(from, old);
    const across = await snapshotAt(world.hostId, bumped, db());
    expect(across).toEqual(await readHostSnapshot(world.hostId));
    expect(across.accounts).not.toBe(old.accounts);

    const at = await changeSeqOf(world.hostId, db());
    const kept = await snapshotAt(world.hostId, at, db());
    const after = await saveVirtmap('fourth');
    await pruneJournal(world.hostId, after);
    keepOld(at, kept);
    expect((await snapshotAt(world.hostId, after, db())).accounts).not.toBe(kept.accounts);
  });
});

/** A virtmap to joe saved through the panel; the host's changeSeq after it. */
async function saveVirtmap(localPart: string): Promise<bigint> {
  await createVirtmap(
    world.customer.actor,
    {
      domainId: world.domainId,
      localPart,
      protectAccounts: false,
      target: { kind: 'local', name: 'joe' },
      aliasTargets: null,
      aliasName: null,
    },
    { confirm: () => true },
  );
  return changeSeqOf(world.hostId, db());
}
