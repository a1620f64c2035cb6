// A domain takes mail only once its ownership is proven (issue 8, rule 5): a TXT record the panel finds in
// real DNS (a private dnsmasq: tests/support/dns-server.ts), or an operator's audited approval. Until then
// it is not on the mail host, so another tenant's forward to friend@gmail.com still leaves the host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../lib/auth/actor';
import { db } from '../lib/db/client';
import { createAccount } from '../lib/data/accounts';
import { createAlias } from '../lib/data/aliases';
import { approveDomain, verifyDomainByDns } from '../lib/data/domain-ownership';
import { createDomain, getDomain } from '../lib/data/domains';
import { listDomains } from '../lib/data/domain-list';
import { DomainError, ForbiddenError, NotFoundError } from '../lib/data/errors';
import { createMailHost } from '../lib/data/mail-hosts';
import { readHostSnapshot } from '../lib/data/snapshots';
import { createVirtmap } from '../lib/data/virtmaps';
import { traceAddress } from '../lib/mail/resolve';
import { AccountInput } from '../lib/validation/accounts';
import { AliasInput, VirtmapInput } from '../lib/validation/mail-objects';
import { DomainInput } from '../lib/validation/tenants';
import { DnsServer } from './support/dns-server';
import { makeCustomer, makeDomain, makeReseller, makeStaff, unique } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const yes = { confirm: () => true };
let dns: DnsServer;
let world: Awaited<ReturnType<typeof setup>>;
const savedDnsSetting = process.env.MAILPANEL_DNS_SERVERS;

async function setup() {
  const admin = await makeStaff('ADMIN');
  const hostName = `mail.${unique('provider')}.example`;
  const host = await createMailHost(admin, { name: hostName, flavor: 'SENDMAIL', transport: 'LOCAL', mapDir: '/tmp/maps', sshPort: 22 });
  const grabberReseller = await makeReseller(admin, [host.id]);
  const grabber = await makeCustomer(grabberReseller.actor);
  const friendly = await makeReseller(admin, [host.id]);
  const forwarder = await makeCustomer(friendly.actor);
  const forwarderDomain = await makeDomain(friendly.actor, forwarder.id, host.id, undefined, { approver: admin });
  // Another tenant forwards its `pal` to an address at gmail.com: that mail must leave the host.
  await createAlias(forwarder.actor, AliasInput.parse({ name: 'pal', targets: 'friend@gmail.com', mailHostId: host.id }), yes);
  return { admin, host, hostName, grabberReseller, grabber, friendly, forwarder, forwarderDomain };
}

beforeAll(async () => {
  dns = await DnsServer.start();
  process.env.MAILPANEL_DNS_SERVERS = dns.address;
  world = await setup();
});

afterAll(async () => {
  if (savedDnsSetting === undefined) delete process.env.MAILPANEL_DNS_SERVERS;
  else process.env.MAILPANEL_DNS_SERVERS = savedDnsSetting;
  await dns?.stop();
});

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

const snapshotDomains = async () => (await readHostSnapshot(world.host.id)).domains;
const hostSeq = async () => (await db().mailHost.findUniqueOrThrow({ where: { id: world.host.id } })).changeSeq;

async function addDomain(reseller: Actor, customerId: string, name: string) {
  return createDomain(reseller, DomainInput.parse({ name, customerId, mailHostId: world.host.id }));
}

describe('a reseller adding gmail.com for a customer', () => {
  it('gets no mail until the TXT record is published and checked', async () => {
    const { grabberReseller, grabber, host } = world;
    const gmail = await addDomain(grabberReseller.actor, grabber.id, 'gmail.com');
    await createAccount(
      grabber.actor,
      AccountInput.parse({ name: 'grab', password: 'a good long password', quotaMb: '10', mailHostId: host.id, addressDomainId: '' }),
      yes,
    );
    await createVirtmap(grabber.actor, VirtmapInput.parse({ domainId: gmail.id, localPart: '', action: 'deliver', target: 'grab' }), yes);

    // Waiting for proof: not on the host, so friend@gmail.com (and the other tenant's pal) is relayed out.
    const shown = await getDomain(grabber.actor, gmail.id);
    expect(shown).toMatchObject({ verifiedAt: null, verifiedBy: null });
    expect(shown.ownershipRecord.name).toBe('_mailpanel-verify.gmail.com');
    expect(shown.ownershipRecord.value).toMatch(/^mailpanel-verify=[0-9a-f]{32}$/);
    expect((await listDomains(grabberReseller.actor, {})).rows.find((d) => d.id === gmail.id)?.verifiedAt).toBeNull();
    await expectRoutedOut();

    // No record yet.
    const missing = await refusal(verifyDomainByDns(grabber.actor, gmail.id));
    expect(missing).toBeInstanceOf(DomainError);
    expect(missing.message).toBe(
      `No TXT record was found at _mailpanel-verify.gmail.com. Add it with the value ${shown.ownershipRecord.value}, wait until your DNS provider publishes it, and check again.`,
    );

    // A record with another token (someone else's, or a typo).
    await dns.publish([{ name: '_mailpanel-verify.gmail.com', value: 'mailpanel-verify=0123456789abcdef0123456789abcdef' }]);
    const wrong = await refusal(verifyDomainByDns(grabber.actor, gmail.id));
    expect(wrong).toBeInstanceOf(DomainError);
    expect(wrong.message).toContain(`The TXT record at _mailpanel-verify.gmail.com does not hold ${shown.ownershipRecord.value}`);
    expect(wrong.message).toContain('found "mailpanel-verify=0123456789abcdef0123456789abcdef"');
    await expectRoutedOut();
    expect(await db().auditEvent.count({ where: { targetId: gmail.id, action: 'domain.verify' } })).toBe(0);

    // The right record, split into two strings as long TXT values are, beside an unrelated one.
    const [head, tail] = [shown.ownershipRecord.value.slice(0, 20), shown.ownershipRecord.value.slice(20)];
    await dns.publish([
      { name: '_mailpanel-verify.gmail.com', value: 'v=unrelated' },
      { name: '_mailpanel-verify.gmail.com', value: [head, tail] },
    ]);
    const seq = await hostSeq();
    const verified = await verifyDomainByDns(grabber.actor, gmail.id);
    expect(verified).toMatchObject({ id: gmail.id, name: 'gmail.com', verifiedBy: 'dns', changed: true });
    expect(verified.verifiedAt).toBeInstanceOf(Date);
    expect(await hostSeq()).toBe(seq + 1n);
    const event = await db().auditEvent.findFirstOrThrow({ where: { targetId: gmail.id, action: 'domain.verify' } });
    expect(event).toMatchObject({
      actorLabel: grabber.email,
      actorRole: 'CUSTOMER',
      customerId: grabber.id,
      resellerId: grabberReseller.id,
    });

    // Proven: the domain is the customer's now, on the host, and its catch-all takes the mail.
    expect(await snapshotDomains()).toContain('gmail.com');
    expect(traceAddress(await readHostSnapshot(host.id), 'friend@gmail.com').deliveries).toEqual([
      expect.objectContaining({ kind: 'account' }),
    ]);

    // Asking again changes nothing.
    expect(await verifyDomainByDns(grabberReseller.actor, gmail.id)).toMatchObject({ changed: false, verifiedBy: 'dns' });
    expect(await hostSeq()).toBe(seq + 1n);
    expect(await db().auditEvent.count({ where: { targetId: gmail.id, action: 'domain.verify' } })).toBe(1);
  });

  it('says so when DNS does not answer, and changes nothing', async () => {
    const domain = await addDomain(world.grabberReseller.actor, world.grabber.id, `${unique('nodns')}.example`);
    // Nothing listens on the discard port: the query is refused at once.
    process.env.MAILPANEL_DNS_SERVERS = '127.0.0.1:9';
    try {
      const error = await refusal(verifyDomainByDns(world.grabberReseller.actor, domain.id));
      expect(error).toBeInstanceOf(DomainError);
      expect(error.message).toBe(
        `The DNS lookup of _mailpanel-verify.${domain.name} failed (ECONNREFUSED). Nothing was changed; try again in a few minutes.`,
      );
    } finally {
      process.env.MAILPANEL_DNS_SERVERS = dns.address;
    }
    expect((await db().domain.findUniqueOrThrow({ where: { id: domain.id } })).verifiedAt).toBeNull();
  });
});

async function expectRoutedOut() {
  const snapshot = await readHostSnapshot(world.host.id);
  expect(snapshot.domains).not.toContain('gmail.com');
  const direct = traceAddress(snapshot, 'friend@gmail.com');
  expect(direct.rcpt).toMatchObject({ accepted: true, relay: true });
  expect(direct.deliveries).toEqual([{ kind: 'external', address: 'friend@gmail.com' }]);
  const viaPal = traceAddress(snapshot, `pal@${world.forwarderDomain.name}`);
  expect(viaPal.deliveries).toEqual([{ kind: 'external', address: 'friend@gmail.com' }]);
}

describe("an operator's approval", () => {
  it('lets the domain take mail, audited, once', async () => {
    const domain = await addDomain(world.grabberReseller.actor, world.grabber.id, `${unique('approved')}.example`);
    expect(await snapshotDomains()).not.toContain(domain.name);
    const seq = await hostSeq();
    expect(await approveDomain(world.admin, domain.id)).toMatchObject({ verifiedBy: 'operator', changed: true });
    expect(await snapshotDomains()).toContain(domain.name);
    expect(await hostSeq()).toBe(seq + 1n);
    expect(await approveDomain(world.admin, domain.id)).toMatchObject({ verifiedBy: 'operator', changed: false });
    const events = await db().auditEvent.findMany({ where: { targetId: domain.id, action: 'domain.approve' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorLabel: world.admin.label, actorRole: 'ADMIN', customerId: world.grabber.id });
  });

  it('is refused to everyone else as if the domain did not exist', async () => {
    const domain = await addDomain(world.grabberReseller.actor, world.grabber.id, `${unique('pending')}.example`);
    const support = await makeStaff('SUPPORT');
    for (const actor of [world.grabberReseller.actor, world.grabber.actor, support, world.friendly.actor, world.forwarder.actor]) {
      const error = await refusal(approveDomain(actor, domain.id));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toBe('That domain was not found.');
    }
    expect((await db().domain.findUniqueOrThrow({ where: { id: domain.id } })).verifiedAt).toBeNull();
    expect(await db().auditEvent.count({ where: { targetId: domain.id, action: 'domain.approve' } })).toBe(0);
  });
});

describe('checking DNS for a domain', () => {
  it("is for the domain's own tenant: another tenant gets NotFound, support is read-only", async () => {
    const domain = await addDomain(world.grabberReseller.actor, world.grabber.id, `${unique('mine')}.example`);
    for (const actor of [world.friendly.actor, world.forwarder.actor]) {
      expect(await refusal(verifyDomainByDns(actor, domain.id))).toBeInstanceOf(NotFoundError);
    }
    expect(await refusal(verifyDomainByDns(await makeStaff('SUPPORT'), domain.id))).toBeInstanceOf(ForbiddenError);
  });
});

describe("names that can never be a customer's", () => {
  it.each([
    ['localhost.localdomain', 'localhost.localdomain is a special-use name that belongs to no one; it cannot be added as a domain.'],
    ['printer.local', 'printer.local is a special-use name that belongs to no one; it cannot be added as a domain.'],
  ])('%s is refused at creation', async (name, message) => {
    const error = await refusal(addDomain(world.grabberReseller.actor, world.grabber.id, name));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).fieldErrors.name).toEqual([message]);
    expect(await db().domain.count({ where: { name } })).toBe(0);
  });

  it("the mail host's own name and names under it are refused at creation", async () => {
    const own = await refusal(addDomain(world.grabberReseller.actor, world.grabber.id, world.hostName));
    expect((own as DomainError).fieldErrors.name).toEqual([
      `${world.hostName} is the mail host's own name; it cannot be added as a customer's domain.`,
    ]);
    const under = await refusal(addDomain(world.grabberReseller.actor, world.grabber.id, `relay.${world.hostName}`));
    expect(under.message).toBe(
      `relay.${world.hostName} is under ${world.hostName}, the mail host's own name; it cannot be added as a customer's domain.`,
    );
    expect(await db().domain.count({ where: { name: { endsWith: world.hostName } } })).toBe(0);
  });
});

describe("a subdomain of another customer's domain", () => {
  it("cannot be verified, by DNS or by an operator; the holder's own subdomain can", async () => {
    const holderDomain = world.forwarderDomain.name;
    const sub = await addDomain(world.grabberReseller.actor, world.grabber.id, `mail.${holderDomain}`);
    const { ownershipRecord } = await getDomain(world.grabber.actor, sub.id);
    await dns.publish([{ name: ownershipRecord.name, value: ownershipRecord.value }]);
    const message = `mail.${holderDomain} is under ${holderDomain}, which another customer holds; ask the holder of ${holderDomain} or the operator.`;
    expect((await refusal(verifyDomainByDns(world.grabber.actor, sub.id))).message).toBe(message);
    expect((await refusal(approveDomain(world.admin, sub.id))).message).toBe(message);
    expect(await snapshotDomains()).not.toContain(sub.name);

    const own = await addDomain(world.friendly.actor, world.forwarder.id, `lists.${holderDomain}`);
    expect(await approveDomain(world.admin, own.id)).toMatchObject({ changed: true });
    expect(await snapshotDomains()).toContain(own.name);
  });
});
