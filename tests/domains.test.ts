// Adding, disabling and deleting domains: normalisation, the clear refusals of bad input (malformed,
// duplicate, over a limit, wrong host), and that each change is audited and marks its host for sync.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createDomain, deleteDomain, describeDomainDeletion, setDomainEnabled } from '../lib/data/domains';
import { DomainError } from '../lib/data/errors';
import { setCustomerStatus } from '../lib/data/customers';
import { DomainInput } from '../lib/validation/tenants';
import { createVirtmap } from '../lib/data/virtmaps';
import { VirtmapInput } from '../lib/validation/mail-objects';
import { readHostSnapshot } from '../lib/data/snapshots';
import { traceAddress } from '../lib/mail/resolve';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff, unique } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

let admin: Awaited<ReturnType<typeof makeStaff>>;
let host: { id: string };
let reseller: Awaited<ReturnType<typeof makeReseller>>;

beforeAll(async () => {
  admin = await makeStaff('ADMIN');
  host = await makeHost(admin);
  reseller = await makeReseller(admin, [host.id], { maxDomains: 50 });
});

const hostSeq = async () => (await db().mailHost.findUniqueOrThrow({ where: { id: host.id } })).changeSeq;
const domainCount = () => db().domain.count();

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('adding a domain', () => {
  it('stores the lower-case A-label, audits it and marks the host changed', async () => {
    const customer = await makeCustomer(reseller.actor);
    const seq = await hostSeq();
    const input = DomainInput.parse({ name: ' Bücher-Ecke.EXAMPLE. ', customerId: customer.id, mailHostId: host.id });
    const domain = await createDomain(reseller.actor, input);
    expect(domain.name).toBe('xn--bcher-ecke-9db.example');
    // New domains wait for proof of ownership (tests/domain-ownership.test.ts) before they take mail.
    expect(await db().domain.findUniqueOrThrow({ where: { id: domain.id }, select: { verifiedAt: true, verifiedBy: true } })).toEqual({
      verifiedAt: null,
      verifiedBy: null,
    });
    expect(await hostSeq()).toBe(seq + 1n);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'domain.create', targetId: domain.id } });
    expect(event).toMatchObject({ actorLabel: reseller.email, actorRole: 'RESELLER', resellerId: reseller.id, customerId: customer.id });
  });

  it('refuses a malformed name at the boundary with a message', () => {
    for (const name of ['not a domain', 'example', 'ex..ample.com', 'a\nb.com', '-x.com']) {
      const parsed = DomainInput.safeParse({
        name,
        customerId: '7d9f1c3e-0000-4000-8000-000000000000',
        mailHostId: '7d9f1c3e-0000-4000-8000-000000000000',
      });
      expect(parsed.success, name).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['name']);
      expect(parsed.error?.issues[0]?.message.length).toBeGreaterThan(10);
    }
  });

  it('refuses a duplicate, whatever its case or script, and changes nothing', async () => {
    const customer = await makeCustomer(reseller.actor);
    const other = await makeCustomer((await makeReseller(admin, [host.id])).actor);
    const name = `${unique('dup')}.example`;
    await createDomain(reseller.actor, DomainInput.parse({ name, customerId: customer.id, mailHostId: host.id }));
    const before = await domainCount();
    const again = await refusal(
      createDomain(reseller.actor, DomainInput.parse({ name: name.toUpperCase(), customerId: customer.id, mailHostId: host.id })),
    );
    expect(again.fieldErrors.name).toEqual(['That domain is already on this panel.']);
    // Another reseller's customer cannot take it either: domains are unique across the panel.
    await refusal(createDomain(admin, DomainInput.parse({ name, customerId: other.id, mailHostId: host.id })));
    expect(await domainCount()).toBe(before);
  });

  it("refuses a domain over the customer's limit", async () => {
    const customer = await makeCustomer(reseller.actor, { maxDomains: 1 });
    await createDomain(
      reseller.actor,
      DomainInput.parse({ name: `${unique('one')}.example`, customerId: customer.id, mailHostId: host.id }),
    );
    const before = await domainCount();
    const error = await refusal(
      createDomain(reseller.actor, DomainInput.parse({ name: `${unique('two')}.example`, customerId: customer.id, mailHostId: host.id })),
    );
    expect(error.message).toMatch(/reached its limit of 1 domain\./);
    expect(await domainCount()).toBe(before);
  });

  it("refuses a domain over the reseller's own limit, even when the customer has room", async () => {
    const small = await makeReseller(admin, [host.id], { maxDomains: 2 });
    const c1 = await makeCustomer(small.actor, { maxDomains: 2 });
    const c2 = await makeCustomer(small.actor, { maxDomains: 2 });
    await createDomain(small.actor, DomainInput.parse({ name: `${unique('a')}.example`, customerId: c1.id, mailHostId: host.id }));
    await createDomain(small.actor, DomainInput.parse({ name: `${unique('b')}.example`, customerId: c2.id, mailHostId: host.id }));
    const error = await refusal(
      createDomain(small.actor, DomainInput.parse({ name: `${unique('c')}.example`, customerId: c2.id, mailHostId: host.id })),
    );
    expect(error.message).toBe('Your reseller limit of 2 domains is reached.');
  });

  it('holds the limit when two additions race for the last slot', async () => {
    const customer = await makeCustomer(reseller.actor, { maxDomains: 1 });
    const attempts = await Promise.allSettled(
      [1, 2, 3].map((i) =>
        createDomain(
          reseller.actor,
          DomainInput.parse({ name: `${unique(`race${i}`)}.example`, customerId: customer.id, mailHostId: host.id }),
        ),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect(await db().domain.count({ where: { customerId: customer.id } })).toBe(1);
  });

  it('refuses a host that is not assigned to the reseller', async () => {
    const customer = await makeCustomer(reseller.actor);
    const foreignHost = await makeHost(admin);
    const error = await refusal(
      createDomain(
        reseller.actor,
        DomainInput.parse({ name: `${unique('h')}.example`, customerId: customer.id, mailHostId: foreignHost.id }),
      ),
    );
    expect(error.fieldErrors.mailHostId).toEqual(['Choose one of your mail hosts.']);
  });

  it('refuses a domain for a suspended customer', async () => {
    const customer = await makeCustomer(reseller.actor);
    await setCustomerStatus(reseller.actor, customer.id, 'SUSPENDED');
    const error = await refusal(
      createDomain(reseller.actor, DomainInput.parse({ name: `${unique('s')}.example`, customerId: customer.id, mailHostId: host.id })),
    );
    expect(error.message).toMatch(/is suspended/);
  });
});

describe('a domain another tenant forwards to', () => {
  it('is added like any other, says nothing about that tenant, and takes no mail until its ownership is proven', async () => {
    const forwarder = await makeCustomer(reseller.actor);
    const own = await makeDomain(reseller.actor, forwarder.id, host.id, `${unique('fw')}.example`, { approver: admin });
    const partner = `${unique('partner')}.example`;
    await createVirtmap(
      reseller.actor,
      VirtmapInput.parse({ domainId: own.id, localPart: 'boss', action: 'deliver', target: `boss@${partner}` }),
      { confirm: () => true },
    );
    const other = await makeReseller(admin, [host.id]);
    const grabber = await makeCustomer(other.actor);
    // The same answer as for any new domain: whether someone forwards there is another tenant's business.
    const added = await createDomain(other.actor, DomainInput.parse({ name: partner, customerId: grabber.id, mailHostId: host.id }));
    expect(await db().domain.findUniqueOrThrow({ where: { id: added.id }, select: { verifiedAt: true } })).toEqual({ verifiedAt: null });
    const snapshot = await readHostSnapshot(host.id);
    expect(snapshot.domains).toContain(own.name);
    expect(snapshot.domains).not.toContain(partner);
    expect(traceAddress(snapshot, `boss@${own.name}`).deliveries).toEqual([{ kind: 'external', address: `boss@${partner}` }]);
  });
});

describe('disabling and deleting a domain', () => {
  it('disables and enables, each audited and marking the host changed', async () => {
    const customer = await makeCustomer(reseller.actor);
    const domain = await createDomain(
      reseller.actor,
      DomainInput.parse({ name: `${unique('t')}.example`, customerId: customer.id, mailHostId: host.id }),
    );
    const seq = await hostSeq();
    await setDomainEnabled(reseller.actor, domain.id, false);
    await setDomainEnabled(reseller.actor, domain.id, true);
    expect(await hostSeq()).toBe(seq + 2n);
    const actions = await db().auditEvent.findMany({ where: { targetId: domain.id }, orderBy: { id: 'asc' }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(['domain.create', 'domain.disable', 'domain.enable']);
  });

  it('says what goes with the domain, requires its name typed, and deletes its virtmaps', async () => {
    const customer = await makeCustomer(reseller.actor);
    const domain = await createDomain(
      reseller.actor,
      DomainInput.parse({ name: `${unique('del')}.example`, customerId: customer.id, mailHostId: host.id }),
    );
    await db().virtmap.createMany({
      data: [
        { domainId: domain.id, localPart: 'sales', targetKind: 'LOCAL', targetValue: 'bob' },
        { domainId: domain.id, localPart: '', targetKind: 'REJECT', rejectCode: 'UNKNOWN_550', rejectText: 'No such user here' },
      ],
    });
    const impact = await describeDomainDeletion(reseller.actor, domain.id);
    expect(impact).toEqual({ name: domain.name, virtmapCount: 2, addresses: [`@${domain.name} (catch-all)`, `sales@${domain.name}`] });

    const wrong = await refusal(deleteDomain(reseller.actor, domain.id, 'something-else.example'));
    expect(wrong.fieldErrors.confirmName).toEqual([`Type ${domain.name} to confirm.`]);
    expect(await db().domain.count({ where: { id: domain.id } })).toBe(1);

    await deleteDomain(reseller.actor, domain.id, domain.name);
    expect(await db().domain.count({ where: { id: domain.id } })).toBe(0);
    expect(await db().virtmap.count({ where: { domainId: domain.id } })).toBe(0);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'domain.delete', targetId: domain.id } });
    expect(event.details).toMatchObject({ name: domain.name, virtmapsDeleted: 2 });
  });
});
