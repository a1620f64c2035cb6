// Every server action of the build, replayed directly by its action id (e2e/server-actions.ts) with the
// cookie of every other role and tenant, about the victims' own ids (e2e/attack-world.ts). Each replay must
// change nothing the victims own and answer exactly as the same call about ids that do not exist; each
// action's bound arguments, replaced by values of the wrong type, get an answer and never a server error.
// A control per action shows the call itself is a real one: the owner's answer differs from the refusal.
// Every attack and its result is written to the attack report (e2e/attack-report.ts).
import { randomUUID } from 'node:crypto';
import { buildWorld, LOGINS, victimsFingerprint, type Attackers, type Login, type World } from './attack-world';
import { buildActions, callAction, comparable, describeAnswer, FORM, type ActionAnswer, type ActionArg } from './server-actions';
import { expect, test } from './test';

interface ActionCase {
  /** "file#export", as the build's manifest names it. */
  action: string;
  args: (w: World) => ActionArg[];
  fields?: (w: World) => Record<string, string>;
  /** Who may do this to the victims' objects; every other login's replay is an attack. */
  mayAct: Login[];
  /**
   * The action acts on the caller's own login or mailbox (no id to point elsewhere): it is replayed only
   * without a session and with the other kind of session, so no demo login is signed out or changed.
   */
  ownScope?: 'panel' | 'postoffice';
  /** Why a login is not replayed (shown in the report). */
  notReplayed?: Partial<Record<Login, string>>;
  /**
   * Logins that may see the object although they may not do this to it (a customer sees its own record and
   * domains; support sees every tenant): their refusal may say so instead of "not found".
   */
  seesIt?: Login[];
  /** The control's caller when not the first of mayAct; 'none' when the world's build is its control. */
  controlAs?: Login | 'none';
}

const PANEL = 'app/(panel)';
const STAFF_AND_OWNERS: Login[] = ['admin', 'acme', 'victim'];
const ADMIN: Login[] = ['admin'];
const RESELLER_AND_ADMIN: Login[] = ['admin', 'acme'];
const LIMITS = { maxDomains: '5', maxAccounts: '5', maxAliases: '5', maxVirtmaps: '5', maxQuotaMb: '500' };
const OWN_CUSTOMER_IGNORED = 'a customer always creates in its own space: this form has no customer to point elsewhere';
const OTHER_RESELLERS_OWN = 'a reseller creates its own customers: this form has no reseller to point elsewhere';

const account = (action: string, fields?: ActionCase['fields']): ActionCase => ({
  action: `${PANEL}/accounts/[id]/${action}`,
  args: (w) => [w.account.id, null, FORM],
  ...(fields ? { fields } : {}),
  mayAct: STAFF_AND_OWNERS,
});

// In the order the controls run: what deletes, or ends the victim's session, comes last.
const CASES: ActionCase[] = [
  { action: 'components/sync/actions.ts#syncStatusAction', args: (w) => [w.host.id, null], mayAct: ['admin', 'support'] },
  account('actions.ts#updateAccountAction', (w) => ({ version: w.account.version, quotaMb: '7', enabled: 'on' })),
  account('mailbox-actions.ts#setForwardAction', () => ({ addresses: 'thief@example.net' })),
  account('mailbox-actions.ts#clearForwardAction'),
  account('mailbox-actions.ts#setAutoreplyAction', () => ({ subject: 'away', text: 'gone', days: '7' })),
  account('mailbox-actions.ts#clearAutoreplyAction'),
  {
    action: `${PANEL}/accounts/new/actions.ts#createAccountAction`,
    args: () => [null, FORM],
    fields: (w) => ({
      customerId: w.customer.id,
      name: 'intruder',
      password: 'attack suite pw 1',
      quotaMb: '10',
      addressDomainId: w.domain.id,
    }),
    mayAct: STAFF_AND_OWNERS,
  },
  {
    action: `${PANEL}/aliases/new/actions.ts#createAliasAction`,
    args: () => [null, FORM],
    fields: (w) => ({ customerId: w.customer.id, name: 'intruder', targets: 'thief@example.net' }),
    mayAct: STAFF_AND_OWNERS,
    notReplayed: { subhost1: OWN_CUSTOMER_IGNORED },
  },
  {
    // A CSV row for the victim customer, by its name (a CSV names no ids): only its tenant may import it.
    action: `${PANEL}/import/actions.ts#importMailCsvAction`,
    args: () => [null, FORM],
    fields: (w) => ({
      intent: 'import',
      file_csv: `kind,host,customer,name,domain,target,quota_mb,enabled\r\nalias,demo,${w.customer.name},csv-intruder,,thief@example.net,,\r\n`,
    }),
    mayAct: STAFF_AND_OWNERS,
  },
  {
    action: `${PANEL}/aliases/[id]/actions.ts#updateAliasAction`,
    args: (w) => [w.alias.id, null, FORM],
    fields: () => ({ targets: 'thief@example.net' }),
    mayAct: STAFF_AND_OWNERS,
  },
  {
    action: `${PANEL}/domains/[id]/virtmap-actions.ts#createVirtmapAction`,
    args: (w) => [w.domain.id, null, FORM],
    fields: () => ({ localPart: '', action: 'deliver', target: 'thief@example.net' }),
    mayAct: STAFF_AND_OWNERS,
  },
  {
    action: `${PANEL}/domains/[id]/virtmap-update-action.ts#updateVirtmapAction`,
    args: (w) => [w.virtmap.id, w.domain.id, w.virtmap.localPart, null, FORM],
    fields: () => ({ action: 'deliver', target: 'thief@example.net' }),
    mayAct: STAFF_AND_OWNERS,
  },
  {
    action: `${PANEL}/domains/[id]/strict-action.ts#setDomainStrictAction`,
    args: (w) => [w.domain.id, true, null, FORM],
    mayAct: STAFF_AND_OWNERS,
  },
  {
    action: `${PANEL}/domains/[id]/ownership-actions.ts#checkDomainDnsAction`,
    args: (w) => [w.domain.id, null, FORM],
    mayAct: STAFF_AND_OWNERS,
  },
  {
    action: `${PANEL}/domains/[id]/ownership-actions.ts#approveDomainAction`,
    args: (w) => [w.domain.id, null, FORM],
    mayAct: ADMIN,
    seesIt: ['acme', 'victim'],
  },
  {
    action: `${PANEL}/domains/new/actions.ts#createDomainAction`,
    args: () => [null, FORM],
    fields: (w) => ({ customerId: w.customer.id, name: `intruder-${w.domain.name}`, mailHostId: w.host.id }),
    mayAct: RESELLER_AND_ADMIN,
    seesIt: ['victim'],
  },
  {
    action: `${PANEL}/audit/[eventId]/undo/actions.ts#undoChangeAction`,
    args: (w) => [w.auditEventId, null, FORM],
    mayAct: STAFF_AND_OWNERS,
  },
  {
    action: `${PANEL}/bulk/actions.ts#applyBulkAction`,
    args: (w) => [{ kind: 'account', op: 'disable', ids: [w.account.id] }, null, FORM],
    mayAct: STAFF_AND_OWNERS,
  },
  {
    action: `${PANEL}/act-as/actions.ts#startActAsAction`,
    args: (w) => [{ kind: 'customer', id: w.customer.id }, null, FORM],
    fields: () => ({ reason: 'attack suite', minutes: '15' }),
    mayAct: ['support'],
    // Its control is the world's own act-as (e2e/attack-world.ts): support's saved browser must not start one.
    controlAs: 'none',
  },
  {
    action: `${PANEL}/customers/new/actions.ts#createCustomerAction`,
    args: () => [null, FORM],
    fields: (w) => ({
      resellerId: w.reseller.id,
      name: `Intruder ${w.customer.name}`,
      email: `intruder-${w.customer.email}`,
      password: 'attack suite pw 1',
      ...LIMITS,
    }),
    mayAct: ['admin', 'acme', 'bravo'],
    notReplayed: { acme: OTHER_RESELLERS_OWN, bravo: OTHER_RESELLERS_OWN },
  },
  {
    action: `${PANEL}/customers/[id]/edit/actions.ts#updateCustomerAction`,
    args: (w) => [w.customer.id, null, FORM],
    fields: (w) => ({ version: w.customer.version, name: w.customer.name, ...LIMITS }),
    mayAct: RESELLER_AND_ADMIN,
    seesIt: ['victim'],
  },
  {
    action: `${PANEL}/customers/[id]/actions.ts#reactivateCustomerAction`,
    args: (w) => [w.customer.id, null, FORM],
    mayAct: RESELLER_AND_ADMIN,
    seesIt: ['victim'],
  },
  {
    action: `${PANEL}/mail-hosts/actions.ts#createMailHostAction`,
    args: () => [null, FORM],
    // The host's own name again: the admin's control is told the name is taken, and no host is made.
    fields: (w) => ({ name: w.host.name, flavor: 'SENDMAIL', transport: 'LOCAL', mapDir: `${w.host.mapDir}-2` }),
    mayAct: ADMIN,
  },
  {
    action: `${PANEL}/mail-hosts/actions.ts#updateMailHostAction`,
    args: (w) => [w.host.id, null, FORM],
    fields: (w) => ({ name: w.host.name, flavor: 'SENDMAIL', transport: 'LOCAL', mapDir: w.host.mapDir, enabledShown: '1' }),
    mayAct: ADMIN,
  },
  {
    action: `${PANEL}/mail-hosts/[id]/webmail-action.ts#setWebmailUrlAction`,
    args: (w) => [w.host.id, null, FORM],
    fields: () => ({ webmailUrl: 'https://evil.example/' }),
    mayAct: ADMIN,
  },
  { action: `${PANEL}/mail-hosts/sync-now-action.ts#syncNowAction`, args: (w) => [w.host.id, null, FORM], mayAct: ADMIN },
  {
    // The admin's control is a dry run (an import run of its own, nothing imported).
    action: `${PANEL}/mail-hosts/[id]/import/actions.ts#previewImportAction`,
    args: (w) => [w.host.id, null, FORM],
    fields: () => ({ customer: 'Intruder import', newCustomer: 'on', file_local_host_names: 'intruder-import.example\n' }),
    mayAct: ADMIN,
  },
  {
    // The admin's control reads a directory with no sendmail files on the host, and is told so.
    action: `${PANEL}/mail-hosts/[id]/import/actions.ts#previewHostFilesAction`,
    args: (w) => [w.host.id, null, FORM],
    fields: () => ({ root: '/nonexistent-attack-root', customer: 'Intruder import', newCustomer: 'on' }),
    mayAct: ADMIN,
  },
  {
    // The admin's control is told the run conflicts with the panel (the victims' domain): nothing is queued.
    action: `${PANEL}/mail-hosts/[id]/import/[runId]/actions.ts#applyImportAction`,
    args: (w) => [w.host.id, w.importRun.id, null, FORM],
    mayAct: ADMIN,
    seesIt: ['support'],
  },
  {
    action: `${PANEL}/resellers/new/actions.ts#createResellerAction`,
    args: () => [null, FORM],
    fields: (w) => ({
      name: `Intruder ${w.reseller.name}`,
      email: `intruder-${w.customer.email}`,
      password: 'attack suite pw 1',
      mailHostIds: w.host.id,
      ...LIMITS,
    }),
    mayAct: ADMIN,
  },
  {
    action: `${PANEL}/resellers/[id]/edit/actions.ts#updateResellerAction`,
    args: (w) => [w.reseller.id, null, FORM],
    fields: (w) => ({ version: w.reseller.version, name: w.reseller.name, mailHostIds: w.host.id, ...LIMITS }),
    mayAct: ADMIN,
  },
  { action: `${PANEL}/resellers/[id]/actions.ts#reactivateResellerAction`, args: (w) => [w.reseller.id, null, FORM], mayAct: ADMIN },
  { action: `${PANEL}/resellers/[id]/suspend/actions.ts#suspendResellerAction`, args: (w) => [w.reseller.id, null, FORM], mayAct: ADMIN },
  {
    action: `${PANEL}/resellers/[id]/delete/actions.ts#deleteResellerAction`,
    args: (w) => [w.reseller.id, null, FORM],
    fields: (w) => ({ confirmName: w.reseller.name }),
    mayAct: ADMIN,
  },
  // Support ends its own act-as from any browser of its own (the act-as runs in another of support's).
  {
    action: `${PANEL}/support-sessions/actions.ts#endActAsAction`,
    args: (w) => [w.supportSessionId, null, FORM],
    mayAct: ['admin', 'support'],
  },
  {
    action: `${PANEL}/domains/[id]/domain-actions.ts#setDomainEnabledAction`,
    args: (w) => [w.domain.id, false, null, FORM],
    mayAct: STAFF_AND_OWNERS,
  },
  {
    action: `${PANEL}/domains/[id]/disable-action.ts#disableDomainAction`,
    args: (w) => [w.domain.id, null, FORM],
    mayAct: STAFF_AND_OWNERS,
  },
  {
    action: `${PANEL}/domains/[id]/virtmap-actions.ts#deleteVirtmapAction`,
    args: (w) => [w.virtmap.id, null, FORM],
    mayAct: STAFF_AND_OWNERS,
  },
  { action: `${PANEL}/aliases/[id]/actions.ts#deleteAliasAction`, args: (w) => [w.alias.id, null, FORM], mayAct: STAFF_AND_OWNERS },
  account('actions.ts#deleteAccountAction'),
  {
    action: `${PANEL}/domains/[id]/domain-actions.ts#deleteDomainAction`,
    args: (w) => [w.domain.id, null, FORM],
    fields: (w) => ({ confirmName: w.domain.name }),
    mayAct: RESELLER_AND_ADMIN,
    seesIt: ['victim'],
  },
  // The customer's own session and login: their controls end the victim's browser, so
  // they come after every other control of the victim's, and before the customer's suspension and deletion.
  { action: `${PANEL}/profile/session-actions.ts#endSessionAction`, args: (w) => [w.customer.sessionId, null, FORM], mayAct: ['victim'] },
  {
    action: 'components/logins/actions.ts#resetLoginAction',
    args: (w) => [w.customer.userId, null, FORM],
    mayAct: RESELLER_AND_ADMIN,
    seesIt: ['victim'],
  },

  {
    action: `${PANEL}/customers/[id]/suspend/actions.ts#suspendCustomerAction`,
    args: (w) => [w.customer.id, null, FORM],
    fields: () => ({ stopMail: 'on' }),
    mayAct: RESELLER_AND_ADMIN,
    seesIt: ['victim'],
  },
  {
    action: `${PANEL}/customers/[id]/delete/actions.ts#deleteCustomerAction`,
    args: (w) => [w.customer.id, null, FORM],
    fields: (w) => ({ confirmName: w.customer.name }),
    mayAct: RESELLER_AND_ADMIN,
    seesIt: ['victim'],
  },
  // Acting on the caller's own login or mailbox.
  { action: `${PANEL}/actions.ts#stopActingAction`, args: () => [], mayAct: [], ownScope: 'panel' },
  {
    action: `${PANEL}/profile/actions.ts#changeOwnPasswordAction`,
    args: () => [null, FORM],
    fields: () => ({ oldPassword: 'x', newPassword: 'attack suite pw 2', repeatPassword: 'attack suite pw 2' }),
    mayAct: [],
    ownScope: 'panel',
  },
  { action: `${PANEL}/profile/session-actions.ts#endOtherSessionsAction`, args: () => [null, FORM], mayAct: [], ownScope: 'panel' },
  {
    action: `${PANEL}/profile/two-factor-actions.ts#turnOffTwoFactorAction`,
    args: () => [null, FORM],
    fields: () => ({ code: '123456' }),
    mayAct: [],
    ownScope: 'panel',
  },
  {
    action: 'app/(auth)/choose-password/actions.ts#choosePasswordAction',
    args: () => [null, FORM],
    fields: () => ({ newPassword: 'attack suite pw 2', repeatPassword: 'attack suite pw 2' }),
    mayAct: [],
    ownScope: 'panel',
  },
  {
    action: 'app/(auth)/login/code/actions.ts#secondFactorAction',
    args: () => [null, FORM],
    fields: () => ({ code: '123456' }),
    mayAct: [],
    ownScope: 'panel',
  },
  {
    action: 'app/(auth)/two-factor/actions.ts#confirmEnrolmentAction',
    args: () => [null, FORM],
    fields: () => ({ code: '123456' }),
    mayAct: [],
    ownScope: 'panel',
  },
  // Last of the panel's: it signs the calling browser out.
  { action: `${PANEL}/actions.ts#signOutAction`, args: () => [], mayAct: [], ownScope: 'panel' },
  {
    action: 'app/postoffice/actions.ts#changePasswordAction',
    args: () => [null, FORM],
    fields: () => ({ oldPassword: 'x', newPassword: 'attack suite pw 2', repeatPassword: 'attack suite pw 2' }),
    mayAct: [],
    ownScope: 'postoffice',
  },
  {
    action: 'app/postoffice/mail-actions.ts#setOwnForwardAction',
    args: () => [null, FORM],
    fields: () => ({ addresses: 'thief@example.net' }),
    mayAct: [],
    ownScope: 'postoffice',
  },
  { action: 'app/postoffice/mail-actions.ts#clearOwnForwardAction', args: () => [null, FORM], mayAct: [], ownScope: 'postoffice' },
  {
    action: 'app/postoffice/mail-actions.ts#setOwnAutoreplyAction',
    args: () => [null, FORM],
    fields: () => ({ subject: 'away', text: 'gone', days: '7' }),
    mayAct: [],
    ownScope: 'postoffice',
  },
  { action: 'app/postoffice/mail-actions.ts#clearOwnAutoreplyAction', args: () => [null, FORM], mayAct: [], ownScope: 'postoffice' },
  { action: 'app/postoffice/actions.ts#mailboxSignOutAction', args: () => [], mayAct: [], ownScope: 'postoffice' },
];

/** Sign-in forms: anyone may send them (their throttling is tests/login-throttle.test.ts's). */
const PUBLIC = ['app/(auth)/login/actions.ts#loginAction', 'app/postoffice/login/actions.ts#mailboxLoginAction'];

/** The same call about ids that do not exist: every victim id swapped for a fresh one. */
function withoutVictims<T>(value: T, world: World): T {
  let text = JSON.stringify(value, (_k, v: unknown) => (v === FORM ? '\u0000FORM' : v));
  for (const id of world.ids) text = text.split(id).join(randomUUID());
  return JSON.parse(text, (_k, v: unknown) => (v === '\u0000FORM' ? FORM : v)) as T;
}

function attackersOf(c: ActionCase): Login[] {
  if (c.ownScope === 'panel') return ['anonymous', 'mailbox'];
  if (c.ownScope === 'postoffice') return ['anonymous', 'victim'];
  return LOGINS.filter((who) => !c.mayAct.includes(who) && !c.notReplayed?.[who]);
}

const WRONG_TYPES: ActionArg[] = ['not-an-id', '../../../etc/passwd', 42, ['x'], { id: 'x' }, null, 'x'.repeat(5000)];

let world: World;
let attackers: Attackers;
const actions = buildActions();

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  ({ world, attackers } = await buildWorld(browser, baseURL!));
});

test.afterAll(async () => {
  await attackers?.close();
});

test('the attack list covers every server action of the build', () => {
  const listed = new Set([...CASES.map((c) => c.action), ...PUBLIC]);
  const missing = [...actions.keys()].filter((key) => !listed.has(key));
  const gone = [...listed].filter((key) => !actions.has(key));
  expect(missing, 'server actions with no attack case: add them to CASES').toEqual([]);
  expect(gone, 'attack cases of actions the build no longer has').toEqual([]);
  for (const key of PUBLIC) test.info().annotations.push({ type: 'attack', description: `${key}: public (a sign-in form), throttled` });
});

/** Replays `c` as `who`, about the victims and (unless it has no ids) about nobody; what it changed and answered. */
async function replay(c: ActionCase, who: Login, baseURL: string) {
  const id = actions.get(c.action)!;
  const request = attackers.request[who];
  const before = await victimsFingerprint(world);
  const victims = await callAction(request, baseURL, id, c.args(world), c.fields?.(world));
  const changed = (await victimsFingerprint(world)) !== before;
  if (c.ownScope) return { victims, nobody: undefined, changed };
  const nobody = await callAction(
    request,
    baseURL,
    id,
    withoutVictims(c.args(world), world),
    withoutVictims(c.fields?.(world) ?? {}, world),
  );
  return { victims, nobody, changed };
}

function report(text: string) {
  test.info().annotations.push({ type: 'attack', description: text });
}

const serverError = (a: ActionAnswer) => a.threw === true || a.status >= 500;

/**
 * What a user reads as a refusal: an error, no answer, or being sent to sign in; never "saved" or a review
 * of the change. For an action on the caller's own login, being sent to its own home page is one too.
 */
function isRefusal(a: ActionAnswer, home = false): boolean {
  if (serverError(a)) return false;
  if (a.redirect) return /\/login$/.test(a.redirect) || (home && /^\/(postoffice)?$/.test(a.redirect));
  const status = (a.result as { status?: string } | null | undefined)?.status;
  return a.result === null || status === 'error';
}

/** Who may see the object: support sees every tenant (DOMAIN.md), so an id's existence is no secret to it. */
const seesIt = (c: ActionCase, who: Login) => who === 'support' || (c.seesIt ?? []).includes(who);

for (const c of CASES) {
  const name = c.action.split('#')[1]!;
  const title = c.ownScope
    ? `${name}: acts on the caller's own ${c.ownScope === 'panel' ? 'login' : 'mailbox'}; with no session or the other kind, refused`
    : `${name}: replayed by every other role and tenant, nothing changes and the answer is a nonexistent id's`;
  test(title, async ({ baseURL }) => {
    test.setTimeout(120_000);
    const problems: string[] = [];
    for (const who of attackersOf(c)) {
      const { victims, nobody, changed } = await replay(c, who, baseURL!);
      // The same answer as about ids that do not exist; a login that may see the object may instead be told
      // it may not do this, but is refused all the same.
      const same = nobody === undefined || comparable(victims) === comparable(nobody);
      const held = !changed && !serverError(victims) && (same || seesIt(c, who)) && (same || isRefusal(victims));
      const ownHeld = c.ownScope ? isRefusal(victims, true) : true;
      report(`${c.action} as ${who}: ${held && ownHeld ? 'refused' : 'NOT REFUSED'} — ${describeAnswer(victims)}`);
      if (changed) problems.push(`${who}: changed the victims' data (${describeAnswer(victims)})`);
      if (serverError(victims)) problems.push(`${who}: a server error`);
      if (!ownHeld) problems.push(`${who}: not refused (${describeAnswer(victims)})`);
      if (!same && !(seesIt(c, who) && isRefusal(victims))) {
        problems.push(`${who}: ${describeAnswer(victims)} ≠ for a nonexistent id: ${describeAnswer(nobody!)}`);
      }
    }
    for (const [who, why] of Object.entries(c.notReplayed ?? {})) report(`${c.action} as ${who}: not replayed (${why})`);
    expect(problems).toEqual([]);
  });
}

const ownerOf = (c: ActionCase): Login => (c.mayAct.includes('victim') ? 'victim' : c.mayAct[0]!);

test('bound arguments of the wrong type or shape: an answer, never a server error, nothing changed', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const problems: string[] = [];
  for (const c of CASES.filter((x) => !x.ownScope)) {
    const who = ownerOf(c);
    const args = c.args(world);
    const before = problems.length;
    for (const [index, arg] of args.entries()) {
      if (arg === FORM || arg === null) continue;
      for (const wrong of WRONG_TYPES) {
        const fingerprint = await victimsFingerprint(world);
        const bent = args.map((a, i) => (i === index ? wrong : a));
        const answer = await callAction(attackers.request[who], baseURL!, actions.get(c.action)!, bent, c.fields?.(world));
        const changed = (await victimsFingerprint(world)) !== fingerprint;
        if (serverError(answer) || changed) {
          problems.push(
            `${c.action} arg ${index} = ${JSON.stringify(wrong).slice(0, 40)}: ${describeAnswer(answer)}${changed ? ', changed data' : ''}`,
          );
        }
      }
    }
    report(`${c.action}, bound arguments of the wrong type (as ${who}): ${problems.length === before ? 'refused' : 'NOT REFUSED'}`);
  }
  expect(problems).toEqual([]);
});

test('controls: the owner’s own call is answered differently from an attacker’s (the replays were real calls)', async ({ baseURL }) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  for (const c of CASES.filter((x) => !x.ownScope)) {
    const owner = c.controlAs ?? ownerOf(c);
    if (owner === 'none') {
      report(`${c.action} (control): made by the attack world itself`);
      continue;
    }
    const attacker =
      (['bravo', 'subhost1', 'acme', 'victim'] as const).find((who) => attackersOf(c).includes(who) && !seesIt(c, who)) ?? 'anonymous';
    const id = actions.get(c.action)!;
    const refusal = await callAction(attackers.request[attacker], baseURL!, id, c.args(world), c.fields?.(world));
    const own = await callAction(attackers.request[owner], baseURL!, id, c.args(world), c.fields?.(world));
    report(`${c.action} as ${owner} (control): ${describeAnswer(own)}`);
    if (comparable(own) === comparable(refusal) || serverError(own)) {
      problems.push(`${c.action} as ${owner}: ${describeAnswer(own)} (${attacker}: ${describeAnswer(refusal)})`);
    }
  }
  expect(problems).toEqual([]);
});
