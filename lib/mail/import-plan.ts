import type { KeptOut, LegacyAlias, LegacyHost, LegacyTarget, LegacyUser, LegacyVirtmap, SourceLine } from './legacy-host';
import { importOwners, type NameOwners } from './import-owners';
import { isReservedName, isWildcardKey, normalizeAccountName, normalizeAliasName, normalizeVirtmapLocalPart } from './names';
import { accept, reject, type Checked } from './checked';
import { ERROR_KEYWORDS, parseRejectCode, type RejectCode } from './reject-codes';
import type { AliasTarget, Flavor, VirtmapTarget } from './snapshot';
import { checkAliasTarget, checkVirtmapTarget, normalizeExternalAddress, normalizeRejectText } from './targets';
import { splitDetail } from './virtmap-lookup';

// What an import of a legacy sendmail host creates, decided from what was read (lib/mail/legacy-host.ts):
// the panel's own objects, each with the line it came from, and every entry the panel does not take as a
// KeptOut line with its reason. Nothing is "repaired": an entry that would route differently in the panel
// is kept out and reported, never turned into something close to it.
//
// Tenancy (docs/tenancy.md): the domains go to customers (one, or each as a mapping file says); a name
// belongs to the customer whose domains reach it (lib/mail/import-owners.ts). Inside one customer the
// classic fall-through stays, so an import into one customer routes every modelled address as before.

/** Unix accounts below this uid are the system's own (root, daemon, …); Red Hat hosts began users at 500. */
export const FIRST_MAILBOX_UID = 500;
const NOBODY_UID = 65534;

export interface ImportPlanInput {
  legacy: LegacyHost;
  /** The customer (a key the caller chooses, e.g. its name) each domain goes to; others go to `defaultCustomer`. */
  domainCustomers?: Readonly<Record<string, string>>;
  defaultCustomer: string;
  /** The flavour of the host the import goes to (default sendmail): Postfix has no wildcard keys. */
  flavor?: Flavor;
}

export interface PlannedAccount extends SourceLine {
  customer: string;
  /** The name in the customer's namespace; also the mailbox directory and the kept bare-name login. */
  name: string;
  passwordField: string;
  passwordFrom: LegacyUser['passwordFrom'];
}

export interface PlannedAlias extends SourceLine {
  customer: string;
  name: string;
  targets: AliasTarget[];
}

export interface PlannedVirtmap extends SourceLine {
  customer: string;
  domain: string;
  localPart: string;
  target: VirtmapTarget;
}

/** A name that the domains of several customers reach: it stays with `owner`; the others' entries to it are kept out. */
export interface SharedName {
  name: string;
  owner: string;
  customers: string[];
  /** The other customers' addresses (virtmap keys) that reached it and are kept out. */
  addresses: string[];
}

export interface ImportPlan {
  domains: { name: string; customer: string }[];
  accounts: PlannedAccount[];
  aliases: PlannedAlias[];
  virtmaps: PlannedVirtmap[];
  keptOut: KeptOut[];
  shared: SharedName[];
  /**
   * The isolation rule's other change: on a domain without a catch-all, another customer's names no longer
   * answer (before, every name answered at every domain). Per customer: its names that other customers'
   * domains reached that way, counted as addresses, with a few examples.
   */
  fallThroughLost: { customer: string; addresses: number; examples: string[] }[];
  /**
   * postmaster@ and abuse@ of domains whose catch-all refused them: the panel keeps them deliverable
   * (RFC 5321, docs/tenancy.md rule 3), so they now reach the mail host's own postmaster and abuse.
   */
  roleAddressesOpened: string[];
}

export function planImport(input: ImportPlanInput): ImportPlan {
  const { defaultCustomer } = input;
  const legacy = localhostAsNames(input.legacy);
  const customerOf = (domain: string) => input.domainCustomers?.[domain] ?? defaultCustomer;
  const keptOut: KeptOut[] = [...legacy.keptOut];
  const keep = (entry: SourceLine, key: string, reason: string) => keptOut.push({ ...lineOf(entry), key, reason });

  const users = legacy.users.filter((user) => mailboxUser(user, keep));
  const userNames = new Set(users.map((u) => u.name));
  let aliases = legacy.aliases.filter((alias) => allowedAlias(alias, keep));
  // An alias whose target names nothing left (a system user, a kept-out alias) would be refused by the
  // panel; drop it and look again, since others may have pointed at it.
  for (let changed = true; changed;) {
    const aliasNames = new Set(aliases.map((a) => a.name));
    const names = new Set([...userNames, ...aliasNames]);
    const before = aliases.length;
    aliases = aliases.filter((alias) => {
      const missing = alias.targets.find((t) => (t.kind === 'name' || t.kind === 'account') && !reachableName(t, names, userNames));
      if (missing) keep(alias, alias.name, `Target "${describe(missing)}" is not an account or alias the panel takes (see its own line).`);
      const detailed = missing ? undefined : alias.targets.find((t) => t.kind === 'name' && detailOnAlias(t.name, aliasNames));
      if (detailed)
        keep(
          alias,
          alias.name,
          `Target "${describe(detailed)}": a +detail on an alias, which drops it (sendmail drops the whole copy when that alias is already being expanded, Postfix does not); the panel keeps a +detail for accounts.`,
        );
      return !missing && !detailed;
    });
    changed = aliases.length !== before;
  }
  const aliasByName = new Map(aliases.map((a) => [a.name, a]));
  const names = new Set([...userNames, ...aliasByName.keys()]);

  const virtmaps: PlannedVirtmap[] = [];
  for (const v of legacy.virtmaps) {
    const planned = planVirtmap(v, customerOf(v.domain), names, input.flavor ?? 'sendmail');
    if (typeof planned === 'string') keep(v, keyOf(v), planned);
    else virtmaps.push(planned);
  }
  const owners = importOwners({ virtmaps, aliases, defaultCustomer });
  const shared = sharedNames(owners, virtmaps);
  const stayed = virtmaps.filter((v) => {
    const name = targetName(v.target);
    const owner = name === undefined ? undefined : owners.get(name)?.owner;
    if (owner === undefined || owner === v.customer) return true;
    keep(v, keyOf(v), `Reaches "${name}", which belongs to the domains of another customer: names belong to one customer.`);
    return false;
  });

  const ownerOf = (name: string) => owners.get(name)?.owner ?? defaultCustomer;
  const plannedAliases: PlannedAlias[] = [];
  for (const alias of aliases) {
    const customer = ownerOf(alias.name);
    const targets = aliasTargets(alias, customer, ownerOf);
    if (typeof targets === 'string') keep(alias, alias.name, targets);
    else plannedAliases.push({ ...lineOf(alias), customer, name: alias.name, targets });
  }
  const accounts = users.map((u) => ({
    ...lineOf(u),
    customer: ownerOf(u.name),
    name: u.name,
    passwordField: u.passwordField,
    passwordFrom: u.passwordFrom,
  }));
  const domains = legacy.domains.map((name) => ({ name, customer: customerOf(name) }));
  const roles = roleAddresses(stayed);
  keptOut.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return {
    domains,
    accounts,
    aliases: plannedAliases,
    virtmaps: [...stayed, ...roles.added],
    keptOut,
    shared,
    fallThroughLost: fallThroughLost(domains, stayed, [...accounts, ...plannedAliases]),
    roleAddressesOpened: roles.opened,
  };
}

function lineOf(entry: SourceLine): SourceLine {
  return entry.lineEnd === undefined
    ? { file: entry.file, line: entry.line }
    : { file: entry.file, line: entry.line, lineEnd: entry.lineEnd };
}

const keyOf = (v: LegacyVirtmap | PlannedVirtmap) => `${v.localPart}@${v.domain}`;

/** A Unix account that becomes a mailbox: not the system's own, and a name the panel allows. */
function mailboxUser(user: LegacyUser, keep: (e: SourceLine, key: string, reason: string) => void): boolean {
  if (user.uid < FIRST_MAILBOX_UID || user.uid === NOBODY_UID || isReservedName(user.name)) {
    keep(user, user.name, `System account (uid ${user.uid}): the panel's mail host keeps its own, so it is not a mailbox.`);
    return false;
  }
  const checked = normalizeAccountName(user.name);
  if (!checked.ok || checked.value !== user.name) {
    keep(user, user.name, `Not a name the panel allows for an account: ${checked.ok ? 'it has capitals' : checked.problems.join(' ')}`);
    return false;
  }
  return true;
}

/**
 * `joe@localhost` as a target is the local name joe to sendmail: localhost is always local ($=w), its
 * virtusertable lookups (`joe@localhost`, `@localhost`) find nothing on a host without such keys, and the
 * local mailer looks joe up in aliases, then accounts — what the panel's name target does. A host with
 * keys at localhost keeps these targets as addresses (kept out: not a domain the panel forwards to).
 */
function localhostAsNames(legacy: LegacyHost): LegacyHost {
  if (legacy.virtmaps.some((v) => v.domain === 'localhost')) return legacy;
  const asName = (t: LegacyTarget): LegacyTarget => {
    if (t.kind !== 'address' || !t.address.endsWith('@localhost')) return t;
    const local = t.address.slice(0, -'@localhost'.length);
    return /^[a-z0-9_][a-z0-9._+=-]*$/.test(local) ? { kind: 'name', name: local } : t;
  };
  return {
    ...legacy,
    virtmaps: legacy.virtmaps.map((v) => (v.target.kind === 'address' ? { ...v, target: asName(v.target) } : v)),
    aliases: legacy.aliases.map((a) => (a.targets.some((t) => t.kind === 'address') ? { ...a, targets: a.targets.map(asName) } : a)),
  };
}

function allowedAlias(alias: LegacyAlias, keep: (e: SourceLine, key: string, reason: string) => void): boolean {
  const checked = normalizeAliasName(alias.name);
  if (!checked.ok) {
    const own = isReservedName(alias.name);
    keep(
      alias,
      alias.name,
      own ? `"${alias.name}" is the mail host's own name: the panel's host answers for it itself.` : checked.problems.join(' '),
    );
    return false;
  }
  const unmodelled = alias.targets.find((t) => t.kind === 'template' || t.kind === 'reject');
  if (unmodelled) {
    keep(alias, alias.name, `Target "${describe(unmodelled)}" is not modelled by the panel yet.`);
    return false;
  }
  return true;
}

function reachableName(target: LegacyTarget & { kind: 'name' | 'account' }, names: Set<string>, users: Set<string>): boolean {
  if (target.kind === 'account') return users.has(target.name);
  // `bob+news` is looked up as bob (the detail stays for the account).
  return names.has(splitDetail(target.name).user);
}

/** `name+detail` whose name is an alias. */
function detailOnAlias(name: string, aliases: ReadonlySet<string>): boolean {
  const { user, detail } = splitDetail(name);
  return detail !== undefined && aliases.has(user);
}

/** A legacy virtmap in the panel's terms, or why it is kept out. */
function planVirtmap(v: LegacyVirtmap, customer: string, names: Set<string>, flavor: Flavor): PlannedVirtmap | string {
  const local = normalizeVirtmapLocalPart(v.localPart);
  if (!local.ok || local.value !== v.localPart)
    return `Key not modelled by the panel yet: ${local.ok ? 'not in lower case' : local.problems.join(' ')}`;
  if (flavor === 'postfix' && isWildcardKey(local.value))
    return 'Wildcard key: the mail host imported into runs Postfix, which has no wildcard keys (name+*, name++, +*, ++).';
  const target = virtmapTarget(v.target, names, local.value);
  if (typeof target === 'string') return target;
  return { ...lineOf(v), customer, domain: v.domain, localPart: v.localPart, target };
}

function virtmapTarget(target: LegacyTarget, names: Set<string>, localPart: string): VirtmapTarget | string {
  switch (target.kind) {
    case 'name': {
      // `bob+news`: the name bob, delivered with the detail "news" (aliases are looked up without it).
      const { user, detail } = splitDetail(target.name);
      if (!names.has(user))
        return `Target "${target.name}" is not an account or alias the panel takes: sendmail refuses it as "User unknown".`;
      const local: VirtmapTarget = detail !== undefined ? { kind: 'local', name: user, detail } : { kind: 'local', name: user };
      return checked(checkVirtmapTarget(local));
    }
    case 'address': {
      const address = normalizeExternalAddress(target.address);
      return address.ok ? checked(checkVirtmapTarget({ kind: 'external', address: address.value })) : address.problems.join(' ');
    }
    case 'template':
      return templateTarget(target.value, names, localPart);
    case 'reject': {
      const code = importedRejectCode(target.code);
      if (!code.ok) return code.problems.join(' ');
      const text = normalizeRejectText(target.text);
      if (!text.ok || text.value !== target.text)
        return `Rejection "error:${target.code} ${target.text}": the panel keeps a rejection's text to letters, digits, spaces and . , ' ? - starting with a letter (sendmail would answer ${text.ok ? 'it differently' : 'it mangled'}).`;
      return checked(checkVirtmapTarget({ kind: 'reject', code: code.value, text: text.value }));
    }
    default:
      return `Target "${describe(target)}" is not modelled by the panel in virtusertable.`;
  }
}

/**
 * A virtusertable target with substitutions, in the panel's terms: `%1`, `%1@e`, and either with `%3` after
 * the local part (`%1%3@e`, `bob%3`, `x%3@e`). `+%2` is `%3` on a wildcard key, where the address always has
 * a detail, and for a local name anywhere (`bob+` is bob with an empty detail); on an address elsewhere
 * (`x+%2@e`) it makes `x+@e` of an address without a detail and is kept out. On a key with its own
 * "+detail" (an exact match) `%3` is empty, so it is left out.
 */
function templateTarget(value: string, names: Set<string>, localPart: string): VirtmapTarget | string {
  const notYet = `Target "${value}" is not modelled by the panel yet: the panel offers %1, %1@domain and %3 after a local part.`;
  const wild = isWildcardKey(localPart);
  const m = /^([^%@]*|%1)(%3|\+%2)?(@[^%]+)?$/.exec(value);
  if (!m) return notYet;
  const [, base = '', pass, written] = m;
  // The domain as sendmail reads it: case-folded, a trailing dot dropped (as for plain addresses).
  const at = written?.toLowerCase().replace(/\.$/, '');
  if (pass === '+%2' && !wild && at) return notYet;
  const exact = localPart.includes('+') && !wild;
  const kept = pass && !exact ? ({ keepDetail: true } as const) : {};
  if (base === '%1') {
    const t: VirtmapTarget = at ? { kind: 'domainRedirect', domain: at.slice(1), ...kept } : { kind: 'localPart', ...kept };
    return checked(checkVirtmapTarget(t));
  }
  if (at) return checked(checkVirtmapTarget({ kind: 'external', address: base + at, ...kept }));
  if (!names.has(base))
    return `Target "${value}": "${base}" is not an account or alias the panel takes: sendmail refuses it as "User unknown".`;
  return checked(checkVirtmapTarget({ kind: 'local', name: base, ...kept }));
}

/**
 * The panel's code for an `error:` code as sendmail read it (lib/mail/reject-codes.ts, measured): every
 * sysexits keyword but tempfail answers as `error:nouser` does, RCPT and -bv; `error:tempfail` answers
 * 553 at RCPT yet defers after it, which no rejection of the panel does. Refused: why it is kept out.
 */
function importedRejectCode(code: string): Checked<RejectCode> {
  if (code === 'tempfail')
    return reject(
      'Rejection "error:tempfail": sendmail answers 553 5.3.0 at RCPT but defers it when an alias reaches it; the panel\'s rejections are permanent or temporary through and through.',
    );
  if (ERROR_KEYWORDS.has(code)) return accept('nouser');
  const parsed = parseRejectCode(code);
  return parsed.ok ? parsed : reject(`Rejection "error:${code}": ${parsed.problems.join(' ')}`);
}

function checked<T>(result: { ok: true; value: T } | { ok: false; problems: string[] }): T | string {
  return result.ok ? result.value : result.problems.join(' ');
}

function aliasTargets(alias: LegacyAlias, customer: string, ownerOf: (name: string) => string): AliasTarget[] | string {
  const out: AliasTarget[] = [];
  const seen = new Set<string>();
  for (const t of alias.targets) {
    let target: AliasTarget | string;
    if (t.kind === 'name' || t.kind === 'account') {
      const { user, detail } = splitDetail(t.name);
      if (ownerOf(user) !== customer) return `Target "${describe(t)}" belongs to another customer: names belong to one customer.`;
      target = checked(
        checkAliasTarget(
          t.kind === 'name'
            ? { kind: 'local', name: user, ...(detail !== undefined ? { detail } : {}) }
            : { kind: 'account', name: t.name },
        ),
      );
    } else if (t.kind === 'discard') {
      target = { kind: 'discard' };
    } else if (t.kind === 'address') {
      const address = normalizeExternalAddress(t.address);
      target = address.ok ? { kind: 'external', address: address.value } : address.problems.join(' ');
    } else target = `Target "${describe(t)}" is not modelled by the panel yet.`;
    if (typeof target === 'string') return `Target "${describe(t)}": ${target}`;
    const key = JSON.stringify(target).toLowerCase();
    if (!seen.has(key)) out.push(target);
    seen.add(key);
  }
  return out;
}

function targetName(target: VirtmapTarget): string | undefined {
  return target.kind === 'local' ? target.name : undefined;
}

export function describe(target: LegacyTarget): string {
  switch (target.kind) {
    case 'name':
      return target.name;
    case 'account':
      return `\\${target.name}`;
    case 'address':
      return target.address;
    case 'template':
      return target.value;
    case 'discard':
      return '/dev/null';
    case 'reject':
      return `error:${target.code} ${target.text}`.trim();
  }
}

function sharedNames(owners: NameOwners, virtmaps: PlannedVirtmap[]): SharedName[] {
  const out: SharedName[] = [];
  for (const [name, { owner, customers }] of owners) {
    if (customers.size < 2) continue;
    const addresses = virtmaps.filter((v) => v.customer !== owner && targetName(v.target) === name).map(keyOf);
    out.push({ name, owner, customers: [...customers].sort(), addresses });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

const EXAMPLES = 5;

function fallThroughLost(domains: ImportPlan['domains'], virtmaps: PlannedVirtmap[], named: { customer: string; name: string }[]) {
  const customers = [...new Set(domains.map((d) => d.customer))];
  if (customers.length < 2) return [];
  const catchAll = new Set(virtmaps.filter((v) => v.localPart === '').map((v) => v.domain));
  const open = domains.filter((d) => !catchAll.has(d.name));
  return customers.map((customer) => {
    const own = [...new Set(named.filter((n) => n.customer === customer).map((n) => n.name))];
    const others = open.filter((d) => d.customer !== customer);
    const examples = others.slice(0, EXAMPLES).flatMap((d) => own.slice(0, 1).map((name) => `${name}@${d.name}`));
    return { customer, addresses: own.length * others.length, examples };
  });
}

const ROLES = ['postmaster', 'abuse'];

/**
 * On the old host a catch-all took postmaster@ and abuse@ too. The panel never lets a catch-all take them
 * (docs/tenancy.md, rule 3), so, as the tenancy migration did, each gets the catch-all's target as its own
 * address; under a refusing catch-all they were refused, and now reach the mail host's own (reported).
 */
function roleAddresses(virtmaps: PlannedVirtmap[]): { added: PlannedVirtmap[]; opened: string[] } {
  const keys = new Set(virtmaps.map(keyOf));
  const added: PlannedVirtmap[] = [];
  const opened: string[] = [];
  for (const v of virtmaps) {
    if (v.localPart !== '') continue;
    for (const role of ROLES) {
      if (keys.has(`${role}@${v.domain}`)) continue;
      if (v.target.kind === 'reject') opened.push(`${role}@${v.domain}`);
      else added.push({ ...v, localPart: role });
    }
  }
  return { added, opened };
}
