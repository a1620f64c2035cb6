// The victims of e2e/attacks-actions.spec.ts, made fresh for each run: a customer of acme's with a proven
// domain, an account (ann), an alias, a virtmap and a signed-in browser; a reseller and a mail host of the
// admin's; a live act-as of support's on the customer (in a browser of its own). Then one browser per
// attacker: every demo role, the customer itself, a neighbour's mailbox (bob, of the same customer, signed
// in at the post office) and a visitor without a session.
import type { APIRequestContext, Browser } from '@playwright/test';
import { pageAs, signIn } from './logins';
import { withPanelDb } from './panel-database';
import { buildActions, callAction, confirmedAction, FORM } from './server-actions';
import { expect } from './test';
import { addDomain, approveDomain, createCustomer, createLocalHost, createReseller, INITIAL_PASSWORD, unique } from './tenants';

export const LOGINS = ['admin', 'support', 'acme', 'bravo', 'subhost1', 'victim', 'mailbox', 'anonymous'] as const;
export type Login = (typeof LOGINS)[number];

export interface World {
  customer: { id: string; name: string; email: string; userId: string; sessionId: string; version: string };
  domain: { id: string; name: string };
  account: { id: string; name: string; address: string; password: string; version: string };
  alias: { id: string };
  virtmap: { id: string; localPart: string };
  host: { id: string; name: string; mapDir: string };
  /** The admin's import dry run into that host, which conflicts with the victims' domain (its report names it). */
  importRun: { id: string };
  reseller: { id: string; name: string; userId: string; version: string };
  supportSessionId: string;
  /** The customer's latest audited change (the alias's creation), for Undo. */
  auditEventId: string;
  /** Every id above: what an attack swaps for ids that do not exist. */
  ids: string[];
  /** The mail host the victims' domain and mailboxes are on (the demo host): its maps hold their names. */
  victimHostId: string;
  /** Text that is in every name of the victims' (their unique part, the customer's mail tag): what no outsider may read. */
  marks: string[];
}

export interface Attackers {
  request: Record<Login, APIRequestContext>;
  close: () => Promise<void>;
}

const one = async (sql: string, params: unknown[]): Promise<string> =>
  withPanelDb(async (db) => {
    const { rows } = await db.query<{ id: unknown }>(sql, params);
    if (rows.length !== 1) throw new Error(`expected one row for: ${sql}`);
    const value = rows[0]!.id;
    return value instanceof Date ? value.toISOString() : String(value);
  });

export async function buildWorld(browser: Browser, baseURL: string): Promise<{ world: World; attackers: Attackers }> {
  const actions = buildActions();
  const act = (key: string) => actions.get(key) ?? '';
  const u = unique('atk');
  const customer = { name: `Victim ${u}`, email: `${u}@e2e.test` };
  const domainName = `${u}.example`;
  const hostName = `atkhost-${u}`.slice(0, 40);
  const reseller = { name: `Reseller ${u}`, email: `${u}-r@e2e.test`, host: 'demo' };

  const admin = await pageAs(browser, 'admin');
  const acme = await pageAs(browser, 'acme');
  await createCustomer(acme, customer);
  await addDomain(acme, domainName, customer.name);
  await approveDomain(admin, domainName);
  await createLocalHost(admin, hostName);
  await createReseller(admin, reseller);
  const hostId = await one(`select id from "MailHost" where name = $1`, [hostName]);
  const preview = await callAction(
    admin.request,
    baseURL,
    act('app/(panel)/mail-hosts/[id]/import/actions.ts#previewImportAction'),
    [hostId, null, FORM],
    {
      customer: `Import ${u}`,
      newCustomer: 'on',
      file_local_host_names: `${domainName}\n`,
    },
  );
  expect(preview.redirect, JSON.stringify(preview)).toMatch(/\/import\/[0-9a-f-]{36}$/);

  const victim = await signIn(browser, customer.email, INITIAL_PASSWORD);
  const domainId = await one(`select id from "Domain" where name = $1`, [domainName]);
  const account = { name: 'ann', address: `ann@${domainName}`, password: 'attack suite mailbox 1' };
  // bob: the attacking mailbox, a neighbour of ann's in the same customer.
  const bob = { name: 'bob', address: `bob@${domainName}`, password: 'attack suite mailbox 2' };
  const made = [
    await confirmedAction(victim.request, baseURL, act('app/(panel)/accounts/new/actions.ts#createAccountAction'), [null, FORM], {
      name: bob.name,
      password: bob.password,
      quotaMb: '100',
      addressDomainId: domainId,
    }),
    await confirmedAction(victim.request, baseURL, act('app/(panel)/accounts/new/actions.ts#createAccountAction'), [null, FORM], {
      name: account.name,
      password: account.password,
      quotaMb: '100',
      addressDomainId: domainId,
    }),
    await confirmedAction(victim.request, baseURL, act('app/(panel)/aliases/new/actions.ts#createAliasAction'), [null, FORM], {
      name: 'sales',
      targets: 'ann',
    }),
    await confirmedAction(
      victim.request,
      baseURL,
      act('app/(panel)/domains/[id]/virtmap-actions.ts#createVirtmapAction'),
      [domainId, null, FORM],
      {
        localPart: 'info',
        action: 'deliver',
        target: 'ann',
      },
    ),
  ];
  for (const answer of made) expect(answer.threw, JSON.stringify(answer)).toBeFalsy();

  // Support acts as the customer in a browser session of its own (the saved one attacks, not acting).
  const support = await signIn(browser, 'support@demo.test');
  const customerId = await one(`select id from "Customer" where name = $1`, [customer.name]);
  const started = await confirmedAction(
    support.request,
    baseURL,
    act('app/(panel)/act-as/actions.ts#startActAsAction'),
    [{ kind: 'customer', id: customerId }, null, FORM],
    { reason: 'attack suite: a live act-as to end', minutes: '60' },
  );
  expect(started.redirect, JSON.stringify(started)).toBe('/');

  const userId = await one(`select id from "User" where email = $1`, [customer.email]);
  const world: World = {
    customer: {
      ...customer,
      id: customerId,
      userId,
      sessionId: await one(`select id from "UserSession" where "userId" = $1 and "endedAt" is null`, [userId]),
      version: await one(`select "updatedAt" as id from "Customer" where id = $1`, [customerId]),
    },
    domain: { id: domainId, name: domainName },
    account: {
      ...account,
      id: await one(`select id from "Account" where "customerId" = $1 and name = 'ann'`, [customerId]),
      version: await one(`select "updatedAt" as id from "Account" where "customerId" = $1 and name = 'ann'`, [customerId]),
    },
    alias: { id: await one(`select id from "Alias" where "customerId" = $1 and name = 'sales'`, [customerId]) },
    virtmap: { id: await one(`select id from "Virtmap" where "domainId" = $1 and "localPart" = 'info'`, [domainId]), localPart: 'info' },
    importRun: { id: preview.redirect!.slice(-36) },
    host: {
      id: hostId,
      name: hostName,
      mapDir: await one(`select "mapDir" as id from "MailHost" where name = $1`, [hostName]),
    },
    reseller: {
      id: await one(`select id from "Reseller" where name = $1`, [reseller.name]),
      name: reseller.name,
      userId: await one(`select id from "User" where email = $1`, [reseller.email]),
      version: await one(`select "updatedAt" as id from "Reseller" where name = $1`, [reseller.name]),
    },
    supportSessionId: await one(`select id from "SupportSession" where "targetCustomerId" = $1 and "endedAt" is null`, [customerId]),
    auditEventId: await one(`select id from "AuditEvent" where "customerId" = $1 and action like 'alias.%' order by id desc limit 1`, [
      customerId,
    ]),
    victimHostId: await one(`select "mailHostId" as id from "Domain" where id = $1`, [domainId]),
    ids: [],
    marks: [u, await one(`select "mailTag" as id from "Customer" where id = $1`, [customerId])],
  };
  world.ids = [
    world.customer.id,
    world.customer.userId,
    world.customer.sessionId,
    world.domain.id,
    world.account.id,
    world.alias.id,
    world.virtmap.id,
    world.host.id,
    world.importRun.id,
    world.reseller.id,
    world.reseller.userId,
    world.supportSessionId,
  ];

  const mailbox = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await mailbox.goto('/postoffice/login');
  await mailbox.getByLabel('Email address').fill(bob.address);
  await mailbox.getByLabel('Password').fill(bob.password);
  await mailbox.getByRole('button', { name: 'Sign in' }).click();
  await expect(mailbox.getByTestId('mailbox-login')).toHaveText(bob.address);

  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const saved = {
    support: await pageAs(browser, 'support'),
    bravo: await pageAs(browser, 'bravo'),
    subhost1: await pageAs(browser, 'subhost1'),
  };
  const attackers: Attackers = {
    request: {
      admin: admin.request,
      support: saved.support.request,
      acme: acme.request,
      bravo: saved.bravo.request,
      subhost1: saved.subhost1.request,
      victim: victim.request,
      mailbox: mailbox.request,
      anonymous: anonymous.request,
    },
    close: async () => {
      for (const page of [admin, acme, victim, support, mailbox, ...Object.values(saved)]) await page.context().close();
      await anonymous.close();
    },
  };
  return { world, attackers };
}

/**
 * A fingerprint of everything the victims own: each row of the customer, its domain, mail objects, logins
 * and sessions, the act-as on it, the admin's reseller and mail host. Columns that move on their own (a
 * session's last click, a host's sync bookkeeping) are left out.
 */
export async function victimsFingerprint(world: World): Promise<string> {
  return withPanelDb(async (db) => {
    const { rows } = await db.query<{ fingerprint: string }>(
      `select md5(coalesce(string_agg(r, '|' order by r), '')) as fingerprint from (
         select to_jsonb(c)::text r from "Customer" c where id = $1
         union all select to_jsonb(d)::text from "Domain" d where "customerId" = $1
         union all select to_jsonb(a)::text from "Account" a where "customerId" = $1
         union all select to_jsonb(ar)::text from "Autoreply" ar join "Account" a on a.id = ar."accountId" where a."customerId" = $1
         union all select to_jsonb(l)::text from "Alias" l where "customerId" = $1
         union all select to_jsonb(t)::text from "AliasTarget" t join "Alias" l on l.id = t."aliasId" where l."customerId" = $1
         union all select to_jsonb(v)::text from "Virtmap" v join "Domain" d on d.id = v."domainId" where d."customerId" = $1
         union all select (to_jsonb(u) - 'lastLoginAt')::text from "User" u where "customerId" = $1 or "resellerId" = $2
         union all select (to_jsonb(s) - 'lastSeenAt')::text from "UserSession" s join "User" u on u.id = s."userId"
           where u."customerId" = $1 or u."resellerId" = $2
         union all select to_jsonb(ss)::text from "SupportSession" ss where "targetCustomerId" = $1
         union all select to_jsonb(rs)::text from "Reseller" rs where id = $2
         union all select to_jsonb(rm)::text from "ResellerMailHost" rm where "resellerId" = $2
         union all select to_jsonb(cm)::text from "CustomerMailHost" cm where "customerId" = $1
         union all select (to_jsonb(h) - '{lastSyncAt,syncedSeq,liveRevision,failingSince,lastError,updatedAt}'::text[])::text
           from "MailHost" h where id = $3
       ) rows`,
      [world.customer.id, world.reseller.id, world.host.id],
    );
    return rows[0]!.fingerprint;
  });
}
