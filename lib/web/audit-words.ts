import { addressForDisplay } from '../mail/idn';

// An audit event in words: "subhost1@demo.test created account joe@subhost1.example", and for an edit the
// fields it changed, "quota: 1,024 MiB → 2,048 MiB". Pure: the page adds the link and the time. Events
// of kinds this table does not know still read as words ("did x on y"), never as raw JSON.

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface AuditEventInput {
  action: string;
  targetType: string;
  details: unknown;
  /** For an edit: the details of the event before it on the same object, the state it changed from. */
  previous?: unknown;
}

export interface AuditWords {
  /** What was done, before the object's name: "created account". */
  did: string;
  /** The object's name as people read it (IDN domains in Unicode), or null when the event names none. */
  object: string | null;
  /** A sentence that replaces did+object (a mailbox's own summary). */
  summary: string | null;
  /** Field changes and facts of the event, readable: `{ field: 'quota', from: '1,024 MiB', to: '2,048 MiB' }`. */
  fields: { field: string; from?: string; to: string }[];
}

const KINDS: Record<string, string> = {
  account: 'account',
  alias: 'alias',
  domain: 'domain',
  virtmap: 'address',
  customer: 'customer',
  reseller: 'reseller',
  mailHost: 'mail host',
  user: 'login',
};

/** The kinds of object the log names, for its filter. */
export const AUDIT_KINDS = [
  { value: 'account', label: 'Accounts' },
  { value: 'alias', label: 'Aliases' },
  { value: 'domain', label: 'Domains' },
  { value: 'virtmap', label: 'Addresses (virtmaps)' },
  { value: 'customer', label: 'Customers' },
  { value: 'reseller', label: 'Resellers' },
  { value: 'mailHost', label: 'Mail hosts' },
  { value: 'user', label: 'Logins' },
];

const VERBS: Record<string, string> = {
  create: 'created',
  update: 'changed',
  delete: 'deleted',
  enable: 'enabled',
  disable: 'disabled',
  suspend: 'suspended',
  activate: 'reactivated',
  verify: 'proved the ownership of',
  approve: 'approved the ownership of',
  strict: 'limited to its own addresses',
  open: 'opened to the customer’s names',
  webmail: 'changed the webmail link of',
  syncNow: 'asked for a sync of',
  forward: 'changed the forward of',
  autoreply: 'changed the autoreply of',
  password: 'changed the password of',
  rehash: 'upgraded the password hash of',
  reset: 'reset the password of',
  password_reset: 'reset the password of',
};

const WHOLE: Record<string, string> = {
  'auth.login': 'signed in',
  'auth.logout': 'signed out',
  'auth.login_failed': 'failed to sign in as',
  'auth.session_end': 'ended one of their sessions',
  'auth.session_end_others': 'ended all their other sessions',
  'user.password_change': 'changed their own password',
  'user.password_choose': 'chose a new password after a reset',
  'postoffice.login': 'signed in to the post office as',
  'postoffice.logout': 'signed out of the post office as',
};

/** The event's action in words, for the filter's choice list: "account created". */
export function actionWords(action: string): string {
  if (WHOLE[action]) return WHOLE[action];
  const [type = '', verb = ''] = action.split('.');
  return `${VERBS[verb] ?? humanize(verb)} ${KINDS[type] ?? humanize(type)}`.trim();
}

export function describeAuditEvent(event: AuditEventInput): AuditWords {
  const details = asObject(event.details);
  const [type = event.targetType, verb = ''] = event.action.split('.');
  const kind = KINDS[event.targetType] ?? KINDS[type] ?? humanize(event.targetType);
  const did =
    WHOLE[event.action] ??
    (details.undoOf !== undefined ? undid(verb, kind) : VERBS[verb] ? `${VERBS[verb]} ${kind}` : `did “${humanize(verb)}” on ${kind}`);
  const object = objectName(details);
  const summary = typeof details.summary === 'string' ? details.summary : null;
  return { did, object, summary, fields: fieldsOf(details, verb === 'create' ? null : asObject(event.previous)) };
}

/** An undo (lib/data/undo-change.ts) says what it undid: a creation is undone by deleting, and so on. */
function undid(verb: string, kind: string): string {
  if (verb === 'create') return `undid the deletion of ${kind}`;
  if (verb === 'delete') return `undid the creation of ${kind}`;
  return `undid a change of ${kind}`;
}

function objectName(d: Record<string, Json>): string | null {
  for (const key of ['address', 'key', 'mailbox', 'name', 'login'] as const) {
    const v = d[key];
    if (typeof v === 'string' && v !== '') return addressForDisplay(v);
  }
  return null;
}

// Fields that name the object (shown as its name), ids (shown as the link), and what only the system reads.
const HIDDEN = new Set(['name', 'key', 'address', 'mailbox', 'summary', 'settings', 'sshPublicKey', 'client', 'localPart', 'undoOf']);
// What happened in this event alone, never compared with the state before it.
const FACTS = new Set(['passwordChanged', 'routeChanges', 'alsoCreated', 'virtmapsDeleted', 'previous', 'previousName']);
const LABELS: Record<string, string> = {
  quotaMb: 'quota',
  host: 'mail host',
  maxDomains: 'domain limit',
  maxAccounts: 'account limit',
  maxAliases: 'alias limit',
  maxVirtmaps: 'virtmap limit',
  maxQuotaMb: 'total quota',
  passwordChanged: 'password',
  routeChanges: 'addresses that changed where they go',
  virtmapsDeleted: 'addresses deleted with it',
  alsoCreated: 'also created',
  previousName: 'name before',
  webmailUrl: 'webmail link',
  previous: 'before',
  mayAddDomains: 'may add its own domains',
  enabled: 'status',
  strict: 'which names answer',
};

function fieldsOf(details: Record<string, Json>, previous: Record<string, Json> | null): AuditWords['fields'] {
  const fields: AuditWords['fields'] = [];
  // An edit that recorded its own before state (`changes: { field: { from, to } }`) says it best.
  const changes = asObject(details.changes);
  for (const [key, change] of Object.entries(changes)) {
    const c = asObject(change);
    fields.push({ field: label(key), from: show(key, c.from ?? null), to: show(key, c.to ?? null) });
  }
  // An event that recorded the object's fields before and after it (what undo reads) says it as well.
  const recordedBefore = details.before === undefined ? null : asObject(details.before);
  const recordedAfter = details.after === undefined ? null : asObject(details.after);
  const recorded = new Set([...Object.keys(recordedAfter ?? {}), ...Object.keys(recordedBefore ?? {})]);
  for (const key of recorded) {
    const was = recordedBefore && key in recordedBefore ? show(key, recordedBefore[key] ?? null) : undefined;
    const now = recordedAfter && key in recordedAfter ? show(key, recordedAfter[key] ?? null) : undefined;
    if (was !== undefined && now !== undefined) {
      if (was !== now) fields.push({ field: label(key), from: was, to: now });
    } else fields.push({ field: label(key), to: now ?? was ?? 'none' });
  }
  for (const [key, value] of Object.entries(details)) {
    if (recorded.has(key) || ((key === 'before' || key === 'after') && (recordedBefore || recordedAfter))) continue;
    // An edit that recorded both says all it changed there: the rest is the state it left alone.
    if (recordedBefore && recordedAfter && !FACTS.has(key) && key !== 'login') continue;
    if (key === 'changes' || HIDDEN.has(key) || /Ids?$/.test(key) || (key === 'login' && objectName(details) === value)) continue;
    if (key === 'passwordChanged' && value !== true) continue;
    const before = previous && key in previous && !FACTS.has(key) ? show(key, previous[key] ?? null) : undefined;
    const to = show(key, value);
    if (before === to) continue; // unchanged by this edit
    fields.push(before === undefined ? { field: label(key), to } : { field: label(key), from: before, to });
  }
  return fields;
}

function show(key: string, value: Json): string {
  if (value === null) return 'none';
  if (key === 'passwordChanged') return value ? 'changed' : 'kept';
  if (key === 'enabled') return value ? 'enabled' : 'disabled';
  if (key === 'strict') return value ? 'only its own addresses (strict)' : 'also its customer’s names (open)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return /Mb$/.test(key) ? `${value.toLocaleString('en')} MiB` : value.toLocaleString('en');
  if (typeof value === 'string') return value === '' ? 'none' : addressForDisplay(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => show(key, v)).join(', ');
  return Object.entries(value)
    .map(([k, v]) => `${label(k)} ${show(k, v)}`)
    .join('; ');
}

const label = (key: string) => LABELS[key] ?? humanize(key);

/** `maxQuotaMb` → "max quota mb", `syncNow` → "sync now". */
function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

function asObject(value: unknown): Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Json>) : {};
}
