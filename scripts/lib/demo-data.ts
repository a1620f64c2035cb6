// The demo data `npm start` loads into a new embedded database, created through the data layer so it
// obeys the same rules, limits and audit trail as anything a person does in the panel.
import type { Actor } from '../../lib/auth/actor';
import { hashPassword } from '../../lib/auth/password';
import { db } from '../../lib/db/client';
import { createCustomer } from '../../lib/data/customers';
import { createDomain } from '../../lib/data/domains';
import { createMailHost } from '../../lib/data/mail-hosts';
import { createReseller } from '../../lib/data/resellers';
import { loadActor } from '../../lib/data/sessions';
import { DomainInput } from '../../lib/validation/tenants';

export const DEMO_PASSWORD = 'mailpanel-demo';

export const DEMO_LOGINS = [
  { role: 'admin', email: 'admin@demo.test' },
  { role: 'support', email: 'support@demo.test' },
  { role: 'reseller', email: 'acme@demo.test' },
  { role: 'reseller', email: 'bravo@demo.test' },
  { role: 'customer', email: 'subhost1@demo.test' },
  { role: 'customer', email: 'subhost2@demo.test' },
  { role: 'customer', email: 'shop@demo.test' },
] as const;

const LIMITS = { maxDomains: 20, maxAccounts: 200, maxAliases: 200, maxVirtmaps: 1000, maxQuotaMb: 204800 };
const RESELLERS = [
  { name: 'Acme Hosting', email: 'acme@demo.test', customers: [
    { name: 'Subhost One', email: 'subhost1@demo.test', domains: ['subhost1.example', 'subhost1-shop.example'] },
    { name: 'Subhost Two', email: 'subhost2@demo.test', domains: ['subhost2.example'] },
  ] },
  { name: 'Bravo Networks', email: 'bravo@demo.test', customers: [
    { name: 'Corner Shop', email: 'shop@demo.test', domains: ['cornershop.example', 'bücher-ecke.example'] },
  ] },
];

/** True when the database has no login at all: only then is demo data loaded. */
export async function isEmpty(): Promise<boolean> {
  return (await db().user.count()) === 0;
}

export async function seedDemo(mapRoot: string): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db().user.createMany({
    data: [
      { email: 'admin@demo.test', name: 'Demo admin', role: 'ADMIN', passwordHash },
      { email: 'support@demo.test', name: 'Demo support', role: 'SUPPORT', passwordHash },
    ],
  });
  const admin = await actorFor('admin@demo.test');
  const host = await createMailHost(admin, { name: 'demo', flavor: 'SENDMAIL', transport: 'LOCAL', mapDir: `${mapRoot}/demo`, sshPort: 22 });
  for (const r of RESELLERS) {
    await createReseller(admin, { name: r.name, email: r.email, password: DEMO_PASSWORD, mailHostIds: [host.id], ...LIMITS });
    const reseller = await actorFor(r.email);
    for (const c of r.customers) {
      const customer = await createCustomer(reseller, { name: c.name, email: c.email, password: DEMO_PASSWORD, ...LIMITS });
      for (const name of c.domains) {
        await createDomain(reseller, DomainInput.parse({ name, customerId: customer.id, mailHostId: host.id }));
      }
    }
  }
}

async function actorFor(email: string): Promise<Actor> {
  const user = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true, sessionVersion: true } });
  const actor = await loadActor(user.id, user.sessionVersion);
  if (!actor) throw new Error(`demo login ${email} is not active`);
  return actor;
}
