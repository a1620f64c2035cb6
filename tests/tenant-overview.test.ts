// The landing pages' numbers (a reseller's dashboard, a customer's overview) count the tenant's own rows
// only; suspending a customer "with its mail" disables exactly its enabled domains, and resuming enables
// exactly those again.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createAlias } from '../lib/data/aliases';
import { setCustomerStatus } from '../lib/data/customers';
import { setDomainEnabled } from '../lib/data/domains';
import { ForbiddenError } from '../lib/data/errors';
import { getCustomerOverview, getResellerDashboard } from '../lib/data/tenant-overview';
import { describeCustomerSuspension } from '../lib/data/tenant-suspension';
import { AliasInput } from '../lib/validation/mail-objects';
import { makeDomain, twoTenants } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const yes = { confirm: () => true };
let world: Awaited<ReturnType<typeof twoTenants>>;

beforeEach(async () => {
  world = await twoTenants();
});

describe('dashboards', () => {
  it('count the reseller’s and the customer’s own rows, never another tenant’s', async () => {
    await createAlias(
      world.customerA.actor,
      AliasInput.parse({ name: 'mine', targets: 'x@elsewhere.example', mailHostId: world.host.id }),
      yes,
    );
    await createAlias(
      world.customerB.actor,
      AliasInput.parse({ name: 'theirs', targets: 'y@elsewhere.example', mailHostId: world.host.id }),
      yes,
    );
    const dash = await getResellerDashboard(world.a.actor);
    expect(dash.customerCount).toBe(1);
    expect(dash.counts).toMatchObject({ domains: 1, aliases: 1 });
    expect(dash.customers.map((c) => c.id)).toEqual([world.customerA.id]);
    expect(dash.hosts.map((h) => h.id)).toEqual([world.host.id]);
    expect(dash.activity.every((e) => !JSON.stringify(e.details).includes('theirs'))).toBe(true);

    const overview = await getCustomerOverview(world.customerA.actor);
    expect(overview.counts).toMatchObject({ domains: 1, aliases: 1, accounts: 0 });
    expect(overview.live).toBe('waiting'); // saved, not yet published
    await expect(getResellerDashboard(world.customerA.actor)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getCustomerOverview(world.a.actor)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('suspending a customer with its mail', () => {
  it('disables exactly its enabled domains and marks the host; resuming enables exactly those', async () => {
    const off = await makeDomain(world.a.actor, world.customerA.id, world.host.id);
    await setDomainEnabled(world.a.actor, off.id, false);
    const review = await describeCustomerSuspension(world.a.actor, world.customerA.id);
    expect(review.enabledDomains).toHaveLength(1);
    const seq = (await db().mailHost.findUniqueOrThrow({ where: { id: world.host.id } })).changeSeq;

    await setCustomerStatus(world.a.actor, world.customerA.id, 'SUSPENDED', { stopMail: true });
    const domain = (id: string) => db().domain.findUniqueOrThrow({ where: { id }, select: { enabled: true, suspendedWithCustomer: true } });
    expect(await domain(world.domainA.id)).toEqual({ enabled: false, suspendedWithCustomer: true });
    expect(await domain(off.id)).toEqual({ enabled: false, suspendedWithCustomer: false });
    expect((await db().mailHost.findUniqueOrThrow({ where: { id: world.host.id } })).changeSeq).toBeGreaterThan(seq);
    expect(await domain(world.domainB.id)).toEqual({ enabled: true, suspendedWithCustomer: false });
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'customer.suspend', targetId: world.customerA.id } });
    expect(event.details).toMatchObject({ mailStopped: true });

    await setCustomerStatus(world.a.actor, world.customerA.id, 'ACTIVE');
    expect(await domain(world.domainA.id)).toEqual({ enabled: true, suspendedWithCustomer: false });
    expect(await domain(off.id)).toEqual({ enabled: false, suspendedWithCustomer: false });
  });

  it('without the choice, mail keeps flowing; a customer cannot suspend itself; another reseller cannot', async () => {
    await setCustomerStatus(world.a.actor, world.customerA.id, 'SUSPENDED');
    expect((await db().domain.findUniqueOrThrow({ where: { id: world.domainA.id } })).enabled).toBe(true);
    await setCustomerStatus(world.a.actor, world.customerA.id, 'ACTIVE');
    await expect(setCustomerStatus(world.customerA.actor, world.customerA.id, 'SUSPENDED', { stopMail: true })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(setCustomerStatus(world.b.actor, world.customerA.id, 'SUSPENDED', { stopMail: true })).rejects.toThrow(/not found/);
    expect((await db().customer.findUniqueOrThrow({ where: { id: world.customerA.id } })).status).toBe('ACTIVE');
  });
});
