// A route asked of the part of the host it reaches (lib/data/host-nearby.ts, docs/decisions/0011 step 2):
// the route page, a mailbox's sign-in by address, a login address and a forward are answered from a few
// indexed reads, and answer as the whole host does. (Every trace of the integration suite is also compared
// with the whole host's: MAILPANEL_VERIFY_SNAPSHOT_CACHE=1, vitest.config.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createAccount } from '../lib/data/accounts';
import { askHost, nearbyReads } from '../lib/data/host-nearby';
import { traceForActor } from '../lib/data/routes';
import { readHostSnapshot } from '../lib/data/snapshots';
import { tracedFor } from '../lib/mail/told-trace';
import { traceWith } from '../lib/mail/resolve';
import { MAX_ROUNDS } from '../lib/mail/partial-host';
import { AccountInput } from '../lib/validation/accounts';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const BULK_DOMAINS = 300;
let world: {
  hostId: string;
  a: Awaited<ReturnType<typeof makeCustomer>>;
  b: Awaited<ReturnType<typeof makeCustomer>>;
  reseller: Awaited<ReturnType<typeof makeReseller>>;
  aDomain: string;
  bDomain: string;
  tags: { a: string; b: string };
};

/** Virtmaps written in SQL (the host's bulk, and chains no form would take in one go); `to` as the panel stores it. */
async function virtmap(domain: string, localPart: string, kind: 'LOCAL' | 'EXTERNAL' | 'DOMAIN_REDIRECT', value: string) {
  await db().$executeRaw`INSERT INTO "Virtmap" (id, "domainId", "localPart", "targetKind", "targetValue", "updatedAt")
    SELECT gen_random_uuid(), id, ${localPart}, ${kind}::"VirtmapTargetKind", ${value}, now() FROM "Domain" WHERE name = ${domain}`;
}

beforeAll(async () => {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const reseller = await makeReseller(admin, [host.id]);
  const a = await makeCustomer(reseller.actor);
  const b = await makeCustomer(reseller.actor);
  const aDomain = (await makeDomain(reseller.actor, a.id, host.id)).name;
  const bDomain = (await makeDomain(reseller.actor, b.id, host.id)).name;
  for (const [customer, name, domain] of [
    [a, 'joe', aDomain],
    [b, 'bob', bDomain],
  ] as const) {
    const domainId = (await db().domain.findUniqueOrThrow({ where: { name: domain } })).id;
    await createAccount(
      customer.actor,
      AccountInput.parse({ name, password: 'a good long password', quotaMb: '10', mailHostId: host.id, addressDomainId: domainId }),
      { confirm: () => true },
    );
  }
  // The rest of a bigger host: customer A's other domains, each with addresses of its own.
  await db().$executeRaw`INSERT INTO "Domain" (id, name, "mailHostId", "customerId", "verifiedAt", "verifiedBy", "updatedAt")
    SELECT gen_random_uuid(), 'bulk' || g || '-' || ${aDomain}, ${host.id}::uuid, ${a.id}::uuid, now(), 'operator', now()
    FROM generate_series(1, ${BULK_DOMAINS}) g`;
  await db().$executeRaw`INSERT INTO "Virtmap" (id, "domainId", "localPart", "targetKind", "targetValue", "updatedAt")
    SELECT gen_random_uuid(), d.id, 'info', 'LOCAL', 'joe', now() FROM "Domain" d WHERE d.name LIKE ${`bulk%-${aDomain}`}`;
  await virtmap(aDomain, 'sales', 'LOCAL', 'joe');
  await virtmap(aDomain, 'partner', 'EXTERNAL', `office@${bDomain}`);
  await virtmap(bDomain, 'office', 'LOCAL', 'bob');
  await db().mailHost.update({ where: { id: host.id }, data: { changeSeq: { increment: 1 } } });
  const tag = async (id: string) => (await db().customer.findUniqueOrThrow({ where: { id }, select: { mailTag: true } })).mailTag;
  world = { hostId: host.id, a, b, reseller, aDomain, bDomain, tags: { a: await tag(a.id), b: await tag(b.id) } };
});

/** Runs `fn` without the whole-host comparison, to count only what the part reads. */
async function partOnly<T>(fn: () => Promise<T>): Promise<{ value: T; loads: number; objects: number }> {
  delete process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE;
  const before = { ...nearbyReads };
  try {
    const value = await fn();
    return { value, loads: nearbyReads.loads - before.loads, objects: nearbyReads.objects - before.objects };
  } finally {
    process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE = '1';
  }
}

describe('a route asked of the part of the host it reaches', () => {
  it('answers the route page as the whole host does, for the customer, its reseller and an operator', async () => {
    const whole = await readHostSnapshot(world.hostId);
    const address = `partner@${world.aDomain}`;
    for (const [actor, owners] of [
      [world.a.actor, new Set([world.tags.a])],
      [world.reseller.actor, new Set([world.tags.a, world.tags.b])],
    ] as const) {
      const { value } = await partOnly(() => traceForActor(actor, address));
      const { domainName, ...trace } = value;
      expect(domainName).toBe(world.aDomain);
      expect(trace).toEqual(tracedFor(whole, address, owners));
    }
    // The customer is told of a forward to another customer's domain, not of where it goes there.
    const seenByA = (await traceForActor(world.a.actor, address)).deliveries;
    expect(seenByA).toEqual([{ kind: 'external', address: `office@${world.bDomain}`, onHost: true }]);
    const operator = await askHost(world.hostId, (s) => traceWith(s, address, 'sendmail'));
    expect(operator.deliveries).toEqual([{ kind: 'account', name: `${world.tags.b}-bob` }]);
  });

  it('reads the domains and names the route reaches, not the rest of the host', async () => {
    const { value, loads, objects } = await partOnly(() => traceForActor(world.a.actor, `sales@${world.aDomain}`));
    expect(value.deliveries).toEqual([{ kind: 'account', name: 'joe' }]);
    // The domain with its 3 addresses, joe, and what shows the customer is on the host: not the 300
    // other domains and their 300 addresses, which a whole read brings in.
    expect(objects).toBeLessThan(12);
    expect(loads).toBeLessThanOrEqual(4);
    const whole = await readHostSnapshot(world.hostId);
    expect(whole.domains.length + whole.virtmaps.length).toBeGreaterThan(2 * BULK_DOMAINS);
  });

  it('asks the whole host for a route that reaches further than its rounds allow, and answers it right', async () => {
    // A chain of domain redirects longer than the rounds: each round reaches one more domain.
    const chain = Array.from({ length: MAX_ROUNDS + 5 }, (_, i) => `chain${i}-${world.aDomain}`);
    await db().$executeRaw`INSERT INTO "Domain" (id, name, "mailHostId", "customerId", "verifiedAt", "verifiedBy", "updatedAt")
      SELECT gen_random_uuid(), n, ${world.hostId}::uuid, ${world.a.id}::uuid, now(), 'operator', now() FROM unnest(${chain}::text[]) n`;
    for (const [i, domain] of chain.entries()) {
      const next = chain[i + 1];
      await (next ? virtmap(domain, '', 'DOMAIN_REDIRECT', next) : virtmap(domain, '', 'LOCAL', 'joe'));
    }
    await db().mailHost.update({ where: { id: world.hostId }, data: { changeSeq: { increment: 1 } } });
    const { value, loads } = await partOnly(() => traceForActor(world.a.actor, `x@${chain[0]}`));
    expect(value.deliveries).toEqual([{ kind: 'account', name: 'joe' }]);
    // Every round but the first (which has nothing to load yet) read one more domain, then it gave up.
    expect(loads).toBe(MAX_ROUNDS - 1);
  });
});
