// Every page and route handler of the build, opened with every login (e2e/attack-world.ts): what it may
// show. A page about one of the victims' objects opens (200, with the victims' names) for exactly the
// logins that may see it, and is "Not found" or a sign-in for everyone else. No page or route, whatever its
// query, shows an outsider (another reseller, another customer, a mailbox, a visitor) anything of the
// victims: their unique names and mail tag are searched for in the whole response, data for the browser
// included. Each attack and what it got goes to the attack report.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildWorld, LOGINS, type Attackers, type Login, type World } from './attack-world';
import { withPanelDb } from './panel-database';
import { buildActions, callAction, FORM } from './server-actions';
import { expect, test } from './test';

interface PageCase {
  /** The route as the build names it (app-paths-manifest.json). */
  route: string;
  /** A path to open, with the victims' ids and a query of their names where the page takes one. */
  path: (w: World) => string;
  /** For a page about one of the victims' objects: who may open it (and must see it). */
  mayOpen?: Login[];
  /**
   * A review page: it answers ids that are not the caller's with its own message on a 200 page (listing no
   * row), not with "Not found".
   */
  refusesInPage?: true;
  /** Query text the page may repeat back to anyone (its search box): not counted as something read. */
  echo?: (w: World) => string;
}

const OUTSIDERS: Login[] = ['bravo', 'subhost1', 'anonymous'];
/**
 * The victims themselves: the customer's login and its neighbour's mailbox carry the victims' names in their
 * own page header, so what they may not open is judged by its status alone.
 */
const INSIDERS: Login[] = ['victim', 'mailbox'];
const MAIL_OWNERS: Login[] = ['admin', 'support', 'acme', 'victim'];
// A customer opens its own record (its limits and domains), as its reseller does.
const CUSTOMER_VIEW: Login[] = ['admin', 'support', 'acme', 'victim'];
const CUSTOMER_MANAGE: Login[] = ['admin', 'acme'];
const OPERATORS: Login[] = ['admin', 'support'];

const P = '/(panel)';
const PAGES: PageCase[] = [
  { route: `${P}/accounts/[id]/page`, path: (w) => `/accounts/${w.account.id}`, mayOpen: MAIL_OWNERS },
  { route: `${P}/accounts/[id]/act-as/page`, path: (w) => `/accounts/${w.account.id}/act-as`, mayOpen: ['support'] },
  { route: `${P}/aliases/[id]/page`, path: (w) => `/aliases/${w.alias.id}`, mayOpen: MAIL_OWNERS },
  { route: `${P}/domains/[id]/page`, path: (w) => `/domains/${w.domain.id}`, mayOpen: MAIL_OWNERS },
  { route: `${P}/customers/[id]/page`, path: (w) => `/customers/${w.customer.id}`, mayOpen: CUSTOMER_VIEW },
  { route: `${P}/customers/[id]/edit/page`, path: (w) => `/customers/${w.customer.id}/edit`, mayOpen: CUSTOMER_MANAGE },
  { route: `${P}/customers/[id]/suspend/page`, path: (w) => `/customers/${w.customer.id}/suspend`, mayOpen: CUSTOMER_MANAGE },
  { route: `${P}/customers/[id]/delete/page`, path: (w) => `/customers/${w.customer.id}/delete`, mayOpen: CUSTOMER_MANAGE },
  { route: `${P}/customers/[id]/act-as/page`, path: (w) => `/customers/${w.customer.id}/act-as`, mayOpen: ['support'] },
  { route: `${P}/resellers/[id]/page`, path: (w) => `/resellers/${w.reseller.id}`, mayOpen: OPERATORS },
  { route: `${P}/resellers/[id]/edit/page`, path: (w) => `/resellers/${w.reseller.id}/edit`, mayOpen: ['admin'] },
  { route: `${P}/resellers/[id]/suspend/page`, path: (w) => `/resellers/${w.reseller.id}/suspend`, mayOpen: ['admin'] },
  { route: `${P}/resellers/[id]/delete/page`, path: (w) => `/resellers/${w.reseller.id}/delete`, mayOpen: ['admin'] },
  { route: `${P}/resellers/[id]/act-as/page`, path: (w) => `/resellers/${w.reseller.id}/act-as`, mayOpen: ['support'] },
  { route: `${P}/mail-hosts/[id]/page`, path: (w) => `/mail-hosts/${w.host.id}`, mayOpen: OPERATORS },
  { route: `${P}/mail-hosts/[id]/edit/page`, path: (w) => `/mail-hosts/${w.host.id}/edit`, mayOpen: ['admin'] },
  { route: `${P}/mail-hosts/[id]/runs/[runId]/page`, path: (w) => `/mail-hosts/${w.host.id}/runs/${runOf(w)}`, mayOpen: OPERATORS },
  {
    route: `${P}/mail-hosts/[id]/maps/[flavor]/[file]/route`,
    path: (w) => `/mail-hosts/${w.victimHostId}/maps/sendmail/accounts`,
    mayOpen: OPERATORS,
  },
  { route: `${P}/mail-hosts/[id]/import/page`, path: (w) => `/mail-hosts/${w.host.id}/import`, mayOpen: ['admin'] },
  {
    route: `${P}/mail-hosts/[id]/import/[runId]/page`,
    path: (w) => `/mail-hosts/${w.host.id}/import/${w.importRun.id}`,
    mayOpen: OPERATORS,
  },
  {
    route: `${P}/mail-hosts/[id]/import/[runId]/status/route`,
    path: (w) => `/mail-hosts/${w.host.id}/import/${w.importRun.id}/status`,
    mayOpen: OPERATORS,
  },
  {
    route: `${P}/mail-hosts/[id]/import/[runId]/report/route`,
    path: (w) => `/mail-hosts/${w.host.id}/import/${w.importRun.id}/report`,
    mayOpen: OPERATORS,
  },
  { route: `${P}/audit/[eventId]/undo/page`, path: (w) => `/audit/${w.auditEventId}/undo`, mayOpen: MAIL_OWNERS },
  {
    route: `${P}/accounts/bulk/page`,
    path: (w) => `/accounts/bulk?op=disable&ids=${w.account.id}`,
    mayOpen: ['admin', 'acme', 'victim'],
    refusesInPage: true,
  },
  {
    route: `${P}/aliases/bulk/page`,
    path: (w) => `/aliases/bulk?op=delete&ids=${w.alias.id}`,
    mayOpen: ['admin', 'acme', 'victim'],
    refusesInPage: true,
  },
  {
    route: `${P}/domains/bulk/page`,
    path: (w) => `/domains/bulk?op=disable&ids=${w.domain.id}`,
    mayOpen: ['admin', 'acme', 'victim'],
    refusesInPage: true,
  },
  { route: '/postoffice/page', path: () => '/postoffice', mayOpen: ['mailbox'] },

  // Lists and searches, asked for the victims' names by words that are not their unique part (a page may
  // repeat its query back, in more than one spelling).
  { route: `${P}/accounts/page`, path: () => '/accounts?q=ann' },
  { route: `${P}/aliases/page`, path: () => '/aliases?q=sales' },
  { route: `${P}/domains/page`, path: () => '/domains?q=atk' },
  { route: `${P}/customers/page`, path: () => '/customers?q=Victim' },
  { route: `${P}/resellers/page`, path: () => '/resellers?q=Reseller' },
  { route: `${P}/mail-hosts/page`, path: () => '/mail-hosts' },
  { route: `${P}/search/page`, path: () => '/search?q=ann@atk' },
  { route: `${P}/routes/page`, path: (w) => `/routes?address=${w.account.address}`, echo: (w) => w.account.address },
  { route: `${P}/audit/page`, path: () => '/audit' },
  { route: `${P}/support-sessions/page`, path: () => '/support-sessions' },
  { route: `${P}/export/[list]/route`, path: () => '/export/accounts?q=ann' },
  { route: `${P}/import/export/route`, path: () => '/import/export' },
  { route: '/api/auth/[...nextauth]/route', path: () => '/api/auth/session' },

  // Pages about no one in particular: they must show the victims to no outsider either.
  { route: `${P}/page`, path: () => '/' },
  { route: `${P}/profile/page`, path: () => '/profile' },
  { route: `${P}/accounts/new/page`, path: () => '/accounts/new' },
  { route: `${P}/aliases/new/page`, path: () => '/aliases/new' },
  { route: `${P}/domains/new/page`, path: () => '/domains/new' },
  { route: `${P}/customers/new/page`, path: () => '/customers/new' },
  { route: `${P}/resellers/new/page`, path: () => '/resellers/new' },
  { route: `${P}/mail-hosts/new/page`, path: () => '/mail-hosts/new' },
  { route: `${P}/import/page`, path: () => '/import' },
  { route: '/(auth)/login/page', path: () => '/login' },
  { route: '/(auth)/login/code/page', path: () => '/login/code' },
  { route: '/(auth)/two-factor/page', path: () => '/two-factor' },
  { route: '/(auth)/choose-password/page', path: () => '/choose-password' },
  { route: '/postoffice/login/page', path: () => '/postoffice/login' },
  { route: '/_not-found/page', path: () => '/no-such-page' },
];

/** Next.js's own error page: rendered only when a page throws, which the other cases would show as a 500. */
const NOT_OPENED = ['/_global-error/page'];

let world: World;
let attackers: Attackers;
let hostRun = '';
const runOf = (_w: World) => hostRun;

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  ({ world, attackers } = await buildWorld(browser, baseURL!));
  // A run of the admin's new host, for its page: the admin publishes it with Sync now.
  const syncNow = buildActions().get('app/(panel)/mail-hosts/sync-now-action.ts#syncNowAction')!;
  await callAction(attackers.request.admin, baseURL!, syncNow, [world.host.id, null, FORM]);
  await expect(async () => {
    hostRun = await withPanelDb(async (db) => {
      const { rows } = await db.query<{ id: string }>(`select id from "SyncRun" where "mailHostId" = $1 limit 1`, [world.host.id]);
      return rows[0]?.id ?? '';
    });
    expect(hostRun).not.toBe('');
  }).toPass({ timeout: 60_000 });
});

test.afterAll(async () => {
  await attackers?.close();
});

test('the page list covers every page and route handler of the build', () => {
  const file = path.join(__dirname, '..', '.next', 'server', 'app-paths-manifest.json');
  const routes = Object.keys(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
  const listed = new Set([...PAGES.map((p) => p.route), ...NOT_OPENED]);
  expect(
    routes.filter((r) => !listed.has(r)),
    'pages or routes with no case: add them to PAGES',
  ).toEqual([]);
  expect(
    [...listed].filter((r) => !routes.includes(r)),
    'cases of pages the build no longer has',
  ).toEqual([]);
});

/** What of the victims a response shows, once what the page repeats of its own query is set aside. */
function shownMarks(body: string, echo: string | undefined): string[] {
  const text = echo ? body.split(echo).join('').split(encodeURIComponent(echo)).join('') : body;
  return world.marks.filter((mark) => text.includes(mark));
}

/** What a login got from a page, in the report's words, and whether that is what it may get. */
function judge(status: number, showsVictims: boolean, who: Login, page: PageCase): [string, boolean] {
  const refused = status === 404 || status === 403 || (status >= 300 && status < 400) || (status === 200 && !!page.refusesInPage);
  if (status >= 500) return ['a server error', false];
  if (page.mayOpen?.includes(who))
    return status === 200 && showsVictims ? ['opens, as it may', true] : ['DOES NOT OPEN for its owner', false];
  if (page.mayOpen) return refused && (!showsVictims || INSIDERS.includes(who)) ? ['refused', true] : ['NOT REFUSED', false];
  if (OUTSIDERS.includes(who)) return showsVictims ? ['SHOWS THE VICTIMS', false] : ['shows nothing of the victims', true];
  return [showsVictims ? 'shows the victims (it may)' : 'shows nothing of them', true];
}

for (const page of PAGES) {
  test(`${page.route} with every login: ${page.mayOpen ? `opens for ${page.mayOpen.join(', ')} only` : 'shows no outsider anything of the victims'}`, async () => {
    test.setTimeout(120_000);
    const problems: string[] = [];
    const target = page.path(world);
    for (const who of LOGINS) {
      const response = await attackers.request[who].get(target, { maxRedirects: 0 });
      const status = response.status();
      const shown = shownMarks(await response.text(), page.echo?.(world));
      const where = response.headers()['location'];
      const got = where ? `${status} to ${where.replace(/^https?:\/\/[^/]+/, '')}` : String(status);
      const [verdict, held] = judge(status, shown.length > 0, who, page);
      test.info().annotations.push({ type: 'attack', description: `GET ${target} as ${who}: ${verdict} (${got})` });
      if (!held) problems.push(`${who}: ${verdict} (${got}${shown.length ? `, shows ${shown.join(', ')}` : ''})`);
    }
    expect(problems).toEqual([]);
  });
}
