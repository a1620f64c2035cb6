// Bulk actions and CSV export on the lists: a batch is one reviewed change (one review, one confirmation,
// all or nothing), each row is the actor's own or the batch is refused, each object keeps its own audit
// event; the CSV is the list as the page filters it, within the tenant.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createAccount } from '../lib/data/accounts';
import { createAlias } from '../lib/data/aliases';
import { applyBulk, describeBulk } from '../lib/data/bulk-change';
import { createVirtmap } from '../lib/data/virtmaps';
import { DomainError, ForbiddenError, NeedsConfirmation } from '../lib/data/errors';
import { AccountInput } from '../lib/validation/accounts';
import { AliasInput, VirtmapInput } from '../lib/validation/mail-objects';
import { listCsv } from '../lib/web/list-export';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff, twoTenants } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const yes = { confirm: () => true };
const no = { confirm: () => false };
let world: Awaited<ReturnType<typeof twoTenants>>;

beforeEach(async () => {
  world = await twoTenants();
});

const alias = (name: string, targets = 'someone@elsewhere.example') => AliasInput.parse({ name, targets, mailHostId: world.host.id });
const account = (name: string) =>
  AccountInput.parse({
    name,
    password: 'a good long password',
    quotaMb: '100',
    mailHostId: world.host.id,
    addressDomainId: world.domainA.id,
  });

async function csv(...args: Parameters<typeof listCsv>): Promise<string[]> {
  let text = '';
  for await (const chunk of listCsv(...args)) text += chunk;
  return text.trimEnd().split('\r\n');
}

describe('bulk actions', () => {
  it('deletes three aliases in one reviewed change: one review first, then all of them, each audited', async () => {
    const actor = world.customerA.actor;
    const made = [];
    for (const name of ['b-one', 'b-two', 'b-three']) made.push(await createAlias(actor, alias(name), yes));
    const ids = made.map((a) => a.id);
    const seqBefore = (await db().mailHost.findUniqueOrThrow({ where: { id: world.host.id } })).changeSeq;

    // Unconfirmed: the whole batch is reviewed once (a deletion always asks), and nothing is deleted.
    const review = await applyBulk(actor, { kind: 'alias', op: 'delete', ids }, no).catch((e: unknown) => e);
    expect(review).toBeInstanceOf(NeedsConfirmation);
    expect(await db().alias.count({ where: { id: { in: ids } } })).toBe(3);

    expect(await applyBulk(actor, { kind: 'alias', op: 'delete', ids }, yes)).toBe(3);
    expect(await db().alias.count({ where: { id: { in: ids } } })).toBe(0);
    const events = await db().auditEvent.findMany({ where: { action: 'alias.delete', targetId: { in: ids } } });
    expect(events.map((e) => e.targetId).sort()).toEqual([...ids].sort());
    // One change of the host (the batch), marked for the customer, not one per alias.
    const host = await db().mailHost.findUniqueOrThrow({ where: { id: world.host.id } });
    expect(host.changeSeq).toBe(seqBefore + 1n);
  });

  it('refuses the whole batch when one id is another tenant’s, and changes nothing', async () => {
    const mine = await createAlias(world.customerA.actor, alias('keep-me'), yes);
    const theirs = await createAlias(world.customerB.actor, alias('not-yours'), yes);
    const error = await applyBulk(world.customerA.actor, { kind: 'alias', op: 'delete', ids: [mine.id, theirs.id] }, yes).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as Error).message).toMatch(/nothing was changed/);
    expect((error as Error).message).not.toContain('not-yours');
    expect(await db().alias.count({ where: { id: { in: [mine.id, theirs.id] } } })).toBe(2);
  });

  it('disables accounts and domains together with their single change’s audit shape, and skips rows already so', async () => {
    const actor = world.customerA.actor;
    const joe = await createAccount(actor, account('bulk-joe'), yes);
    const ann = await createAccount(actor, account('bulk-ann'), yes);
    expect(await applyBulk(actor, { kind: 'account', op: 'disable', ids: [joe.id, ann.id] }, yes)).toBe(2);
    const rows = await db().account.findMany({ where: { id: { in: [joe.id, ann.id] } }, select: { enabled: true } });
    expect(rows.every((r) => !r.enabled)).toBe(true);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'account.update', targetId: joe.id } });
    expect(event.details).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    // Again: nothing to do, nothing recorded.
    expect(await applyBulk(actor, { kind: 'account', op: 'disable', ids: [joe.id, ann.id] }, yes)).toBe(0);

    const reseller = world.a.actor;
    const second = await makeDomain(reseller, world.customerA.id, world.host.id);
    expect(await applyBulk(reseller, { kind: 'domain', op: 'disable', ids: [world.domainA.id, second.id] }, yes)).toBe(2);
    expect(await db().domain.count({ where: { id: { in: [world.domainA.id, second.id] }, enabled: false } })).toBe(2);
    expect(await db().auditEvent.count({ where: { action: 'domain.disable', targetId: { in: [world.domainA.id, second.id] } } })).toBe(2);
  });

  it('deletes accounts with their addresses, as a single delete does', async () => {
    const actor = world.customerA.actor;
    const joe = await createAccount(actor, account('gone-joe'), yes);
    await createVirtmap(
      actor,
      VirtmapInput.parse({ domainId: world.domainA.id, localPart: 'sales', action: 'deliver', target: 'gone-joe' }),
      yes,
    );
    expect(await db().virtmap.count({ where: { domainId: world.domainA.id, localPart: 'sales' } })).toBe(1);
    await applyBulk(actor, { kind: 'account', op: 'delete', ids: [joe.id] }, yes);
    expect(await db().account.count({ where: { id: joe.id } })).toBe(0);
    expect(await db().virtmap.count({ where: { domainId: world.domainA.id, localPart: 'sales' } })).toBe(0);
  });

  it('spans two mail hosts in one batch', async () => {
    const admin = await makeStaff('ADMIN');
    const host2 = await makeHost(admin);
    const reseller = await makeReseller(admin, [world.host.id, host2.id]);
    const customer = await makeCustomer(reseller.actor);
    const d1 = await makeDomain(reseller.actor, customer.id, world.host.id);
    const d2 = await makeDomain(reseller.actor, customer.id, host2.id);
    const ids = [d1.id, d2.id];
    const rows = await describeBulk(reseller.actor, 'domain', 'disable', ids);
    expect(new Set(rows.map((r) => r.mailHostId))).toEqual(new Set([world.host.id, host2.id]));
    expect(await applyBulk(reseller.actor, { kind: 'domain', op: 'disable', ids }, yes)).toBe(2);
    expect(await db().domain.count({ where: { id: { in: ids }, enabled: false } })).toBe(2);
  });

  it('is not support’s to do outside act-as', async () => {
    const support = await makeStaff('SUPPORT');
    const a = await createAlias(world.customerA.actor, alias('support-no'), yes);
    await expect(applyBulk(support, { kind: 'alias', op: 'delete', ids: [a.id] }, yes)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db().alias.count({ where: { id: a.id } })).toBe(1);
  });
});

describe('filters and CSV export', () => {
  it('exports exactly the filtered rows of the actor’s tenant', async () => {
    const actor = world.customerA.actor;
    await createAccount(actor, account('csv-on'), yes);
    const off = await createAccount(actor, account('csv-off'), yes);
    await applyBulk(actor, { kind: 'account', op: 'disable', ids: [off.id] }, yes);
    await createAccount(world.customerB.actor, { ...account('csv-theirs'), addressDomainId: world.domainB.id }, yes);
    await createAlias(actor, alias('csv-team', 'a@x.example, b@y.example'), yes);

    const all = await csv(actor, 'accounts', {});
    expect(all[0]).toBe('Account,Login address,Customer,Mail host,Quota (MiB),Status,Added');
    expect(
      all
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['csv-off', 'csv-on']);
    const disabled = await csv(actor, 'accounts', { status: 'disabled' });
    expect(disabled.slice(1).map((l) => l.split(',')[0])).toEqual(['csv-off']);
    const searched = await csv(actor, 'accounts', { q: 'csv-o', sort: '-name' });
    expect(searched.slice(1).map((l) => l.split(',')[0])).toEqual(['csv-on', 'csv-off']);

    const aliases = await csv(actor, 'aliases', { q: 'csv-team' });
    expect(aliases[1]).toMatch(/^csv-team,"a@x\.example, b@y\.example",/);

    // A reseller filters by one of its customers; another reseller's customer id matches nothing.
    const byCustomer = await csv(world.a.actor, 'domains', { customer: world.customerA.id });
    expect(byCustomer).toHaveLength(2);
    expect(await csv(world.a.actor, 'domains', { customer: world.customerB.id })).toHaveLength(1);
  });

  it('reads a list longer than one chunk whole', async () => {
    const actor = world.customerA.actor;
    await db().alias.createMany({
      data: Array.from({ length: 1203 }, (_, i) => ({
        name: `many${String(i).padStart(4, '0')}`,
        customerId: world.customerA.id,
        mailHostId: world.host.id,
      })),
    });
    const lines = await csv(actor, 'aliases', { q: 'many' });
    expect(lines).toHaveLength(1204);
    expect(new Set(lines).size).toBe(1204);
  });
});
