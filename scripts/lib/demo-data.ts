// The demo data `npm start` loads into a new embedded database, created through the data layer so it
// obeys the same rules, limits and audit trail as anything a person does in the panel.
import { OPERATORS_SCOPE } from '../../lib/auth/login-scope';
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
import { createAccount } from '../../lib/data/accounts';
import { createAlias } from '../../lib/data/aliases';
import { createVirtmap } from '../../lib/data/virtmaps';
import { AccountInput } from '../../lib/validation/accounts';
import { AliasInput, VirtmapInput } from '../../lib/validation/mail-objects';
import { defaultHostSettings } from '../../lib/validation/host-settings';
import { choosePublishMode } from '../../lib/sync/publish-mode';
import { thisMachine } from './this-machine';

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

/** Mailbox logins for the postoffice (/postoffice/login): an account's address and its POP/IMAP password. */
export const DEMO_MAILBOX_LOGINS = [{ role: 'mailbox', email: 'joe@subhost1.example' }] as const;

const LIMITS = { maxDomains: 20, maxAccounts: 200, maxAliases: 200, maxVirtmaps: 1000, maxQuotaMb: 204800 };
const RESELLERS = [
  {
    name: 'Acme Hosting',
    email: 'acme@demo.test',
    customers: [
      { name: 'Subhost One', email: 'subhost1@demo.test', domains: ['subhost1.example', 'subhost1-shop.example'] },
      { name: 'Subhost Two', email: 'subhost2@demo.test', domains: ['subhost2.example'] },
    ],
  },
  {
    name: 'Bravo Networks',
    email: 'bravo@demo.test',
    customers: [{ name: 'Corner Shop', email: 'shop@demo.test', domains: ['cornershop.example', 'bücher-ecke.example'] }],
  },
];

/** True when the database has no login at all: only then is demo data loaded. */
export async function isEmpty(): Promise<boolean> {
  return (await db().user.count()) === 0;
}

/**
 * How the demo host publishes on this machine: the full rebuild where the flavour's tools and Dovecot's
 * group are installed, else files only (written and checked by the panel; no MTA reads them). So a first
 * start on a bare machine shows the host Live, and one where sendmail is installed really builds the maps.
 */
export function demoPublishMode(mapDir: string) {
  return choosePublishMode(defaultHostSettings('SENDMAIL', mapDir), thisMachine());
}

export async function seedDemo(mapRoot: string, say: (line: string) => void = () => {}): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db().user.createMany({
    data: [
      { email: 'admin@demo.test', loginScope: OPERATORS_SCOPE, name: 'Demo admin', role: 'ADMIN', passwordHash },
      { email: 'support@demo.test', loginScope: OPERATORS_SCOPE, name: 'Demo support', role: 'SUPPORT', passwordHash },
    ],
  });
  const admin = await actorFor('admin@demo.test');
  const mapDir = `${mapRoot}/demo`;
  const { mode, missing } = demoPublishMode(mapDir);
  say(
    mode === 'full'
      ? 'The demo mail host publishes with sendmail and Dovecot (their tools are installed here)'
      : `The demo mail host publishes files only (not installed here: ${missing.join(', ')})`,
  );
  const host = await createMailHost(admin, {
    name: 'demo',
    flavor: 'SENDMAIL',
    transport: 'LOCAL',
    mapDir,
    sshPort: 22,
    settings: mode === 'files' ? { publishMode: 'files' } : {},
  });
  for (const r of RESELLERS) {
    await createReseller(admin, { name: r.name, email: r.email, password: DEMO_PASSWORD, mailHostIds: [host.id], ...LIMITS });
    const reseller = await actorFor(r.email);
    for (const c of r.customers) {
      const customer = await createCustomer(reseller, { name: c.name, email: c.email, password: DEMO_PASSWORD, ...LIMITS });
      for (const name of c.domains) {
        const domain = await createDomain(reseller, DomainInput.parse({ name, customerId: customer.id, mailHostId: host.id }));
        // The demo's domains are the operator's to vouch for (docs/domain-ownership.md): approved, audited.
        await approveDomain(admin, domain.id);
      }
      await seedMail(await actorFor(c.email), host.id);
    }
  }
  // joe's address, made with the account, is its login; the demo says so rather than rely on it.
  for (const { email } of DEMO_MAILBOX_LOGINS) {
    const account = await db().account.findUnique({ where: { loginAddress: email }, select: { id: true } });
    if (!account) throw new Error(`demo mailbox ${email} has no account`);
  }
}

// Mail objects that show DOMAIN.md's rules at work: addresses, an alias, the same local part going to
// different places on two subhosts, a catch-all, a domain redirect and a rejection.
type MailSeed = { accounts: string[]; aliases?: [string, string][]; virtmaps: [string, string, string][] };
const MAIL: Record<string, MailSeed> = {
  'subhost1@demo.test': {
    accounts: ['joe', 'jane'],
    aliases: [['info', 'joe, jane']],
    virtmaps: [
      ['subhost1.example', 'webmaster', 'joe'],
      ['subhost1.example', 'sales', 'info'],
      ['subhost1-shop.example', '', '%1@subhost1.example'],
    ],
  },
  'subhost2@demo.test': {
    accounts: ['bob'],
    virtmaps: [
      ['subhost2.example', 'webmaster', 'bob'],
      ['subhost2.example', '', 'bob'],
    ],
  },
  'shop@demo.test': { accounts: ['shop'], virtmaps: [['cornershop.example', '', 'error:5.1.1:550 No such user here']] },
};

async function seedMail(customer: Actor, mailHostId: string): Promise<void> {
  const plan = MAIL[customer.label];
  if (!plan || customer.kind !== 'customer') return;
  const ok = { confirm: () => true };
  const domains = await db().domain.findMany({ where: { customerId: customer.customerId }, select: { id: true, name: true } });
  const idOf = (name: string) => domains.find((d) => d.name === name)?.id ?? '';
  for (const name of plan.accounts) {
    const first = domains.find((d) => !d.name.endsWith('-shop.example'));
    await createAccount(
      customer,
      AccountInput.parse({ name, password: DEMO_PASSWORD, quotaMb: '1024', mailHostId, addressDomainId: first?.id ?? '' }),
      ok,
    );
  }
  for (const [name, targets] of plan.aliases ?? []) await createAlias(customer, AliasInput.parse({ name, targets, mailHostId }), ok);
  for (const [domain, localPart, target] of plan.virtmaps) {
    const reject = /^error:5\.1\.1:550 (.*)$/.exec(target);
    const input = reject
      ? { domainId: idOf(domain), localPart, action: 'reject', rejectCode: 'unknown', rejectText: reject[1] }
      : { domainId: idOf(domain), localPart, action: 'deliver', target };
    await createVirtmap(customer, VirtmapInput.parse(input), ok);
  }
}

async function actorFor(email: string): Promise<Actor> {
  const user = await db().user.findFirstOrThrow({ where: { email }, select: { id: true, sessionVersion: true } });
  const actor = await loadActor(user.id, user.sessionVersion);
  if (!actor) throw new Error(`demo login ${email} is not active`);
  return actor;
}
