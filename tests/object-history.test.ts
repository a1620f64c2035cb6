// Per-object history and undo through the data layer: an undo restores what the change replaced, runs
// through the same review and confirmation as the edit, writes its own audit event, and is refused when
// the object changed since, when its address is taken, and for another tenant's events.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createAccount, getAccount, updateAccount } from '../lib/data/accounts';
import { createAlias, deleteAlias, getAlias, updateAliasTargets } from '../lib/data/aliases';
import { setDomainEnabled } from '../lib/data/domains';
import { DomainError, NeedsConfirmation, NotFoundError } from '../lib/data/errors';
import { listObjectHistory } from '../lib/data/object-history';
import { getUndo, undoChange } from '../lib/data/undo-change';
import { createVirtmap, deleteVirtmap, listVirtmaps } from '../lib/data/virtmaps';
import { formatAliasTarget } from '../lib/mail/targets';
import { AccountInput } from '../lib/validation/accounts';
import { AliasInput, AliasTargetsInput, VirtmapInput } from '../lib/validation/mail-objects';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const yes = { confirm: () => true };
const no = { confirm: () => false };
let world: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const reseller = await makeReseller(admin, [host.id]);
  const customer = await makeCustomer(reseller.actor);
  const domain = await makeDomain(reseller.actor, customer.id, host.id);
  const other = await makeReseller(admin, [host.id]);
  const otherCustomer = await makeCustomer(other.actor);
  return { admin, host, reseller, customer, domain, other, otherCustomer };
}

beforeEach(async () => {
  world = await setup();
});

const me = () => world.customer.actor;
const targets = (typed: string) => AliasTargetsInput.parse({ targets: typed }).targets;

/** Accounts joe and ann with addresses, and the alias sales → joe. */
async function withSales() {
  for (const name of ['joe', 'ann']) {
    await createAccount(
      me(),
      AccountInput.parse({
        name,
        password: 'a good long password',
        quotaMb: '100',
        mailHostId: world.host.id,
        addressDomainId: world.domain.id,
      }),
      yes,
    );
  }
  return createAlias(me(), AliasInput.parse({ name: 'sales', targets: 'joe', mailHostId: world.host.id }), yes);
}

/** The newest event about an object, within the customer's history of it. */
async function newest(kind: 'alias' | 'account' | 'domain', id: string) {
  const { rows } = await listObjectHistory(me(), kind, id);
  const first = rows[0];
  if (!first) throw new Error('no history');
  return first;
}

const aliasTargets = async (id: string) => (await getAlias(me(), id)).targets.map(formatAliasTarget);

describe('an object’s history', () => {
  it('lists the object’s own events newest first, with before and after, and offers undo only for the newest', async () => {
    const sales = await withSales();
    await updateAliasTargets(me(), sales.id, targets('ann'), yes);
    const { rows } = await listObjectHistory(me(), 'alias', sales.id);
    expect(rows.map((r) => r.action)).toEqual(['alias.update', 'alias.create']);
    expect(rows[0]?.details).toMatchObject({ before: { targets: ['joe'] }, after: { targets: ['ann'] } });
    expect(rows[0]?.undo).toEqual({ ok: true });
    expect(rows[1]?.undo).toEqual({ ok: false, reason: 'Changed since: undo the later changes first.' });
  });

  it('is Not found for another tenant’s object, and another tenant’s event can be neither read nor undone', async () => {
    const sales = await withSales();
    await updateAliasTargets(me(), sales.id, targets('ann'), yes);
    const event = await newest('alias', sales.id);
    await expect(listObjectHistory(world.otherCustomer.actor, 'alias', sales.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listObjectHistory(world.other.actor, 'alias', sales.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getUndo(world.otherCustomer.actor, event.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(undoChange(world.other.actor, event.id, yes)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getUndo(me(), 'not-a-number')).rejects.toBeInstanceOf(NotFoundError);
    expect(await aliasTargets(sales.id)).toEqual(['ann']);
  });
});

describe('undo', () => {
  it('of an edit restores the fields, after the same confirmation as the edit, and writes its own event', async () => {
    const sales = await withSales();
    await updateAliasTargets(me(), sales.id, targets('ann'), yes);
    const edit = await newest('alias', sales.id);
    // sales@ routes differently again: the review asks first, and nothing is saved before the confirmation.
    const asked = await undoChange(me(), edit.id, no).catch((e: unknown) => e);
    expect(asked).toBeInstanceOf(NeedsConfirmation);
    expect((asked as NeedsConfirmation).changes.length).toBeGreaterThan(0);
    expect(await aliasTargets(sales.id)).toEqual(['ann']);
    await undoChange(me(), edit.id, yes);
    expect(await aliasTargets(sales.id)).toEqual(['joe']);
    const undo = await newest('alias', sales.id);
    expect(undo.action).toBe('alias.update');
    expect(undo.details).toMatchObject({ undoOf: edit.id, before: { targets: ['ann'] }, after: { targets: ['joe'] } });
    expect(undo.actorLabel).toBe(world.customer.email);
  });

  it('is refused when the object changed since', async () => {
    const sales = await withSales();
    await updateAliasTargets(me(), sales.id, targets('ann'), yes);
    const edit = await newest('alias', sales.id);
    await updateAliasTargets(me(), sales.id, targets('joe, ann'), yes);
    expect((await getUndo(me(), edit.id)).decision).toEqual({ ok: false, reason: 'Changed since: undo the later changes first.' });
    await expect(undoChange(me(), edit.id, yes)).rejects.toBeInstanceOf(DomainError);
    expect(await aliasTargets(sales.id)).toEqual(['joe', 'ann']);
  });

  it('of an alias’s deletion creates it again with its targets, unless its name is taken', async () => {
    const sales = await withSales();
    await updateAliasTargets(me(), sales.id, targets('joe, ann'), yes);
    await deleteAlias(me(), sales.id, yes);
    const deletion = await db().auditEvent.findFirstOrThrow({ where: { action: 'alias.delete', targetId: sales.id } });
    const next = await undoChange(me(), deletion.id.toString(), yes);
    const again = await db().alias.findFirstOrThrow({ where: { customerId: world.customer.id, name: 'sales' }, select: { id: true } });
    expect(next).toBe(`/aliases/${again.id}`);
    expect(await aliasTargets(again.id)).toEqual(['joe', 'ann']);
    const created = await newest('alias', again.id);
    expect(created).toMatchObject({ action: 'alias.create', details: { undoOf: deletion.id.toString() } });
    // Undone once: the name is taken now by the alias it re-created.
    expect((await getUndo(me(), deletion.id.toString())).decision).toEqual({ ok: false, reason: 'The address is taken now.' });
  });

  it('of a creation deletes the object (after the review a deletion always asks for)', async () => {
    const sales = await withSales();
    const creation = await newest('alias', sales.id);
    await expect(undoChange(me(), creation.id, no)).rejects.toBeInstanceOf(NeedsConfirmation);
    expect(await undoChange(me(), creation.id, yes)).toBe('/aliases');
    await expect(getAlias(me(), sales.id)).rejects.toBeInstanceOf(NotFoundError);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'alias.delete', targetId: sales.id } });
    expect(event.details).toMatchObject({ undoOf: creation.id });
  });

  it('of a virtmap’s deletion re-creates it, shown in its domain’s history', async () => {
    await withSales();
    await createVirtmap(me(), VirtmapInput.parse({ domainId: world.domain.id, localPart: 'info', action: 'deliver', target: 'ann' }), yes);
    const info = (await listVirtmaps(me(), world.domain.id)).find((v) => v.localPart === 'info');
    await deleteVirtmap(me(), info?.id ?? '', yes);
    const deletion = await newest('domain', world.domain.id);
    expect(deletion).toMatchObject({ action: 'virtmap.delete', undo: { ok: true } });
    await undoChange(me(), deletion.id, yes);
    const again = (await listVirtmaps(me(), world.domain.id)).find((v) => v.localPart === 'info');
    expect(again?.target).toBe('ann');
  });

  it('of an account’s quota change, and of disabling a domain', async () => {
    await withSales();
    const joe = await db().account.findFirstOrThrow({ where: { customerId: world.customer.id, name: 'joe' }, select: { id: true } });
    await updateAccount(me(), joe.id, { quotaMb: 250, enabled: true }, yes);
    await undoChange(me(), (await newest('account', joe.id)).id, yes);
    expect((await getAccount(me(), joe.id)).quotaMb).toBe(100);

    await setDomainEnabled(world.reseller.actor, world.domain.id, false);
    const disabled = await newest('domain', world.domain.id);
    await undoChange(world.reseller.actor, disabled.id, yes);
    expect(await db().domain.findUniqueOrThrow({ where: { id: world.domain.id }, select: { enabled: true } })).toEqual({ enabled: true });
  });

  it('is not offered to support outside act-as, and support cannot make it', async () => {
    const sales = await withSales();
    await updateAliasTargets(me(), sales.id, targets('ann'), yes);
    const support = await makeStaff('SUPPORT');
    const edit = await newest('alias', sales.id);
    expect((await getUndo(support, edit.id)).mayUndo).toBe(false);
    await expect(undoChange(support, edit.id, yes)).rejects.toThrow();
    expect(await aliasTargets(sales.id)).toEqual(['ann']);
  });
});
