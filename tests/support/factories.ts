// Each test builds its own tenants through the real data layer, so nothing leaks between tests and
// every fixture obeys the same rules as the panel. Names are unique per call.
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../lib/auth/actor';
import { hashPassword } from '../../lib/auth/password';
import { db } from '../../lib/db/client';
import { createCustomer } from '../../lib/data/customers';
import { approveDomain } from '../../lib/data/domain-ownership';
import { createDomain } from '../../lib/data/domains';
import { createMailHost } from '../../lib/data/mail-hosts';
import { createReseller } from '../../lib/data/resellers';
import { loadActor } from '../../lib/data/sessions';
import { DomainInput } from '../../lib/validation/tenants';

export const PASSWORD = 'correct horse battery';
const LIMITS = { maxDomains: 10, maxAccounts: 10, maxAliases: 10, maxVirtmaps: 10, maxQuotaMb: 10240 };

export const unique = (prefix: string) => `${prefix}${randomBytes(3).toString('hex')}`;

let passwordHash: Promise<string> | undefined;

export async function actorFor(email: string): Promise<Actor> {
  const user = await db().user.findFirstOrThrow({ where: { email }, select: { id: true, sessionVersion: true } });
  const actor = await loadActor(user.id, user.sessionVersion);
  if (!actor) throw new Error(`${email} is not an active login`);
  return actor;
}

export async function makeStaff(role: 'ADMIN' | 'SUPPORT' = 'ADMIN'): Promise<Actor> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = `${unique(role.toLowerCase())}@op.test`;
  await db().user.create({ data: { email, loginScope: 'operators', name: email, role, passwordHash: await passwordHash } });
  return actorFor(email);
}

export async function makeHost(admin: Actor) {
  return createMailHost(admin, { name: unique('mx'), flavor: 'SENDMAIL', transport: 'LOCAL', mapDir: '/tmp/maps', sshPort: 22 });
}

export async function makeReseller(admin: Actor, hostIds: string[], limits: Partial<typeof LIMITS> = {}) {
  const email = `${unique('res')}@res.test`;
  const reseller = await createReseller(admin, {
    name: unique('Reseller '),
    email,
    password: PASSWORD,
    mailHostIds: hostIds,
    ...LIMITS,
    ...limits,
  });
  return { ...reseller, email, actor: await actorFor(email) };
}

export async function makeCustomer(reseller: Actor, limits: Partial<typeof LIMITS> = {}) {
  const email = `${unique('cust')}@cust.test`;
  const customer = await createCustomer(reseller, { name: unique('Customer '), email, password: PASSWORD, ...LIMITS, ...limits });
  return { ...customer, email, actor: await actorFor(email) };
}

/**
 * A domain that takes mail: created by `actor`, then approved by an operator (`approver`, else an admin of
 * this database), as a real domain is once its ownership is proven. `{ verified: false }` leaves it
 * waiting for proof.
 */
export async function makeDomain(
  actor: Actor,
  customerId: string,
  mailHostId: string,
  name = `${unique('d')}.example`,
  options: { approver?: Actor; verified?: boolean } = {},
) {
  const domain = await createDomain(actor, DomainInput.parse({ name, customerId, mailHostId }));
  if (options.verified !== false) await approveDomain(options.approver ?? (await anAdmin(actor)), domain.id);
  return domain;
}

async function anAdmin(actor: Actor): Promise<Actor> {
  if (actor.kind === 'admin') return actor;
  const admin = await db().user.findFirst({
    where: { role: 'ADMIN', status: 'ACTIVE' },
    orderBy: { createdAt: 'asc' },
    select: { id: true, sessionVersion: true },
  });
  return (admin && (await loadActor(admin.id, admin.sessionVersion))) || makeStaff('ADMIN');
}

/** A world of two resellers on one host, each with a customer that has one domain. */
export async function twoTenants() {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const a = await makeReseller(admin, [host.id]);
  const b = await makeReseller(admin, [host.id]);
  const customerA = await makeCustomer(a.actor);
  const customerB = await makeCustomer(b.actor);
  const domainA = await makeDomain(a.actor, customerA.id, host.id);
  const domainB = await makeDomain(b.actor, customerB.id, host.id);
  return { admin, host, a, b, customerA, customerB, domainA, domainB };
}
