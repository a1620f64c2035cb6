import type { ActorKind } from './actor';

// Every screen of the panel and who may open it: 'change' where its forms are the actor's to use (each row
// still asks the policy: lib/auth/policy.ts), 'read' where it only shows. The nav lists the screens that
// have a label, each page opens with openScreen(screen) (lib/web/open-screen.ts, which asks policy.ts's mayOpen) before it loads anything, and
// screens.test.ts holds the table and the policy's answers together. A kind not named may not open the
// screen: it answers 404, as a row of another tenant does. Mailbox users have no panel screens (they
// self-serve from the post office).

export type ScreenAccess = 'change' | 'read';

interface ScreenRule {
  /** The route, for the nav and for the reader ("[id]" for a row's own page). */
  path: string;
  /** Shown in the main nav under this label. */
  nav?: string;
  who: Partial<Record<ActorKind, ScreenAccess>>;
}

// Support reads every screen and changes nothing directly (changes go through an audited act-as).
const EVERY_TENANT = { admin: 'change', support: 'read', reseller: 'change', customer: 'change' } as const;
const OPERATORS = { admin: 'change', support: 'read' } as const;

export const SCREENS = {
  overview: { path: '/', nav: 'Overview', who: { admin: 'read', support: 'read', reseller: 'read', customer: 'read' } },
  resellers: { path: '/resellers', nav: 'Resellers', who: OPERATORS },
  resellerNew: { path: '/resellers/new', who: { admin: 'change' } },
  // Changing, suspending and deleting a reseller are the operator's.
  resellerEdit: { path: '/resellers/[id]/edit', who: { admin: 'change' } },
  // A reseller reads its own record; its limits and status are the operator's to set.
  reseller: { path: '/resellers/[id]', who: { ...OPERATORS, reseller: 'read' } },
  // Hosts belong to the operator; a reseller sees the state of those assigned to it.
  mailHosts: { path: '/mail-hosts', nav: 'Mail hosts', who: { ...OPERATORS, reseller: 'read' } },
  mailHostNew: { path: '/mail-hosts/new', who: { admin: 'change' } },
  mailHost: { path: '/mail-hosts/[id]', who: OPERATORS },
  mailHostEdit: { path: '/mail-hosts/[id]/edit', who: { admin: 'change' } },
  // Importing a legacy host's files (docs/import.md): the operator, and a reseller into its assigned hosts
  // for its own customers. Support imports only through an act-as (then it is the reseller).
  mailHostImport: { path: '/mail-hosts/[id]/import', who: { admin: 'change', reseller: 'change' } },
  importRun: { path: '/mail-hosts/[id]/import/[runId]', who: { admin: 'change', support: 'read', reseller: 'change' } },
  // Export and import of a tenant's accounts, aliases and virtmaps as CSV (docs/import.md, "CSV").
  mailCsv: { path: '/import', who: { admin: 'change', support: 'read', reseller: 'change', customer: 'change' } },
  // A run's files hold every tenant's data on the host: operators only.
  syncRun: { path: '/mail-hosts/[id]/runs/[runId]', who: { admin: 'read', support: 'read' } },
  customers: { path: '/customers', nav: 'Customers', who: { ...OPERATORS, reseller: 'change' } },
  customerNew: { path: '/customers/new', who: { admin: 'change', reseller: 'change' } },
  // A customer reads itself; its limits are its reseller's to set.
  customer: { path: '/customers/[id]', who: { ...OPERATORS, reseller: 'change', customer: 'read' } },
  // Changing, suspending and deleting a customer are its reseller's (and the operator's).
  customerEdit: { path: '/customers/[id]/edit', who: { admin: 'change', reseller: 'change' } },
  domains: { path: '/domains', nav: 'Domains', who: EVERY_TENANT },
  // Adding a domain spends the reseller's limits and picks a host: the reseller's call, and the customer's
  // only where its reseller allows it (the page answers 404 to a customer that may not: Customer.mayAddDomains).
  domainNew: { path: '/domains/new', who: { admin: 'change', reseller: 'change', customer: 'change' } },
  domain: { path: '/domains/[id]', who: EVERY_TENANT },
  accounts: { path: '/accounts', nav: 'Accounts', who: EVERY_TENANT },
  accountNew: { path: '/accounts/new', who: { admin: 'change', reseller: 'change', customer: 'change' } },
  account: { path: '/accounts/[id]', who: EVERY_TENANT },
  aliases: { path: '/aliases', nav: 'Aliases', who: EVERY_TENANT },
  aliasNew: { path: '/aliases/new', who: { admin: 'change', reseller: 'change', customer: 'change' } },
  alias: { path: '/aliases/[id]', who: EVERY_TENANT },
  // The one review of a bulk action on a list (enable, disable or delete the selected rows): whoever may
  // change the list's rows; support only through act-as.
  accountsBulk: { path: '/accounts/bulk', who: { admin: 'change', reseller: 'change', customer: 'change' } },
  aliasesBulk: { path: '/aliases/bulk', who: { admin: 'change', reseller: 'change', customer: 'change' } },
  domainsBulk: { path: '/domains/bulk', who: { admin: 'change', reseller: 'change', customer: 'change' } },
  routes: { path: '/routes', nav: 'Where does mail go?', who: { admin: 'read', support: 'read', reseller: 'read', customer: 'read' } },
  audit: { path: '/audit', nav: 'Audit log', who: { admin: 'read', support: 'read', reseller: 'read', customer: 'read' } },
  // The top bar's search box: no nav entry; each finds only within its own tenant (lib/data/search.ts).
  search: { path: '/search', who: { admin: 'read', support: 'read', reseller: 'read', customer: 'read' } },
  // Every panel user's own login: its password and its sessions (support too: its own login is its own).
  // Support starts acting as a tenant here (lib/data/support-sessions.ts); nobody else acts as anyone.
  customerActAs: { path: '/customers/[id]/act-as', who: { support: 'change' } },
  resellerActAs: { path: '/resellers/[id]/act-as', who: { support: 'change' } },
  // Acting as a mailbox opens the postoffice pages as its owner sees them (app/postoffice).
  accountActAs: { path: '/accounts/[id]/act-as', who: { support: 'change' } },
  // The act-as sessions, running and past: an admin ends them; support reads them.
  // (Linked from the operators' overview rather than the nav, which must stay one row at 1280 px.)
  supportSessions: { path: '/support-sessions', who: { admin: 'change', support: 'read' } },
  profile: { path: '/profile', who: { admin: 'change', support: 'change', reseller: 'change', customer: 'change' } },
} as const satisfies Record<string, ScreenRule>;

export type Screen = keyof typeof SCREENS;

/** What `kind` may do on `screen`: change, read, or nothing (null: the screen is not theirs). */
export function screenAccess(kind: ActorKind, screen: Screen): ScreenAccess | null {
  const who: ScreenRule['who'] = SCREENS[screen].who;
  return who[kind] ?? null;
}

/** The main nav of `kind`: its screens that have a label, in the table's order. */
export function navFor(kind: ActorKind): { href: string; label: string }[] {
  return Object.values(SCREENS as Record<Screen, ScreenRule>).flatMap((s) =>
    s.nav && s.who[kind] ? [{ href: s.path, label: s.nav }] : [],
  );
}
