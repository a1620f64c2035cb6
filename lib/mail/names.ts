import { accept, reject, type Checked } from './checked';

// Names on a mail host (accounts and aliases: one namespace per host) and virtmap local parts.
//
// The alphabet is deliberately small: lower-case letters, digits, ".", "_" and "-". Every other
// character means something to at least one of the programs that read our files (DOMAIN.md, "How the
// map tools read files"): whitespace and ":" end a key, "," separates targets, "#" starts a comment,
// "|", "/" and ":include:" make program, file and include targets, '"' and "\" quote, "@", "%" and "!"
// route (sendmail re-parses `a%b@here` as `a@b`), "+" is the detail delimiter, "(" ")" are comments
// in an address, and "$" is substituted in Postfix regexp tables. Upper case is refused rather than
// stored: sendmail matches local account names in lower case, so an account "Joe" could never receive
// mail; forms lower-case what the user typed and say so (`caseNotice`).

export const MAX_NAME_LENGTH = 64;
/**
 * A name on the host may be longer than a name a customer types: it carries the customer's tag
 * (`tag-name`, lib/mail/tenancy.ts: a tag of at most 12 characters and "-").
 */
export const MAX_HOST_NAME_LENGTH = MAX_NAME_LENGTH + 13;

const NAME = /^[a-z0-9][a-z0-9._-]*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/**
 * Names the mail host itself uses: system users (which sendmail delivers to locally) and the role
 * mailboxes the host's own aliases file provides (RFC 2142). postmaster@ and abuse@ every domain go there
 * unless its customer gives them an address (docs/tenancy.md), so no customer may name an account so.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  // role mailboxes the host answers for
  'postmaster',
  'mailer-daemon',
  'abuse',
  'hostmaster',
  'security',
  'noc',
  // system users on Debian mail hosts
  'root',
  'daemon',
  'bin',
  'sys',
  'sync',
  'games',
  'man',
  'lp',
  'mail',
  'news',
  'uucp',
  'proxy',
  'www-data',
  'backup',
  'list',
  'irc',
  'gnats',
  'nobody',
  'messagebus',
  'sshd',
  'postfix',
  'dovecot',
  'dovenull',
  'smmta',
  'smmsp',
  'mailnull',
  'vmail',
  'opendkim',
  'clamav',
  'debian-spamd',
]);

/** True for a name the host reserves (see RESERVED_NAMES), including `systemd-*` and `_*` users. */
export function isReservedName(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_NAMES.has(lower) || lower.startsWith('systemd-') || lower.startsWith('_');
}

export type NameKind = 'account' | 'alias';

/**
 * Normalises an account or alias name as typed: trims, lower-cases (see `caseNotice`), and checks the
 * safe alphabet, the length, and the reserved names. `owner-…` is refused because sendmail and Postfix
 * send the bounces of alias `x` to an alias `owner-x`: on a shared host that would let one customer
 * receive another's bounces.
 */
export function normalizeName(typed: string, kind: NameKind, maxLength = MAX_NAME_LENGTH): Checked<string> {
  const what = kind === 'account' ? 'An account name' : 'An alias name';
  const name = typed.trim().toLowerCase();
  if (name === '') return reject(`Enter ${kind === 'account' ? 'an account' : 'an alias'} name.`);
  const problems = localPartProblems(name, what, maxLength);
  if (problems.length > 0) return reject(...problems);
  if (isReservedName(name)) {
    return reject(`"${name}" is reserved for the mail host itself; choose another name.`);
  }
  if (name.startsWith('owner-')) {
    return reject(`${what} may not start with "owner-": the mail server sends an alias's bounces to that name.`);
  }
  return accept(name);
}

export const normalizeAccountName = (typed: string): Checked<string> => normalizeName(typed, 'account');
export const normalizeAliasName = (typed: string): Checked<string> => normalizeName(typed, 'alias');

/**
 * Normalises the local part of a virtmap key (the part before "@"). "" and "@" mean the catch-all
 * `@domain`. A key may carry one literal `+detail` (`joe+news`), or be one of sendmail's wildcard keys:
 * `joe+*` (joe with any detail, even an empty one), `joe++` (joe with a detail that is not empty), and
 * `+*` / `++` (anyone with such a detail), tried in that order between the exact key and `@domain`
 * (lib/mail/virtmap-lookup.ts). Postfix has no such keys: a Postfix host refuses them
 * (lib/mail/snapshot-checks.ts). Reserved names are allowed: `postmaster@customer.example` is the
 * customer's own address.
 */
export function normalizeVirtmapLocalPart(typed: string): Checked<string> {
  const local = typed.trim().toLowerCase();
  if (local === '' || local === '@') return accept('');
  if (local.includes('@')) return reject('Enter only the part before "@"; the domain is chosen separately.');
  const plus = local.indexOf('+');
  if (plus === -1) {
    const problems = localPartProblems(local, 'An address');
    return problems.length > 0 ? reject(...problems) : accept(local);
  }
  const user = local.slice(0, plus);
  const detail = local.slice(plus + 1);
  if (local.length > MAX_NAME_LENGTH) {
    return reject(`The part before "@" may be at most ${MAX_NAME_LENGTH} characters long.`);
  }
  if (detail === '*' || detail === '+') {
    if (user === '') return accept(local);
    const problems = localPartProblems(user, 'The part before "+"');
    return problems.length > 0 ? reject(...problems) : accept(local);
  }
  if (user === '') {
    return reject('A key may start with "+" only as the wildcard keys "+*" and "++"; enter a name before "+".');
  }
  const problems = [...localPartProblems(user, 'The part before "+"'), ...localPartProblems(detail, 'The part after "+"')];
  return problems.length > 0 ? reject(...unique(problems)) : accept(local);
}

/** True for sendmail's wildcard keys `user+*`, `user++`, `+*` and `++` (normalized local parts). */
export function isWildcardKey(local: string): boolean {
  return local.endsWith('+*') || local.endsWith('++');
}

/**
 * A notice for the form when normalising changed the case of what the user typed, e.g.
 * `Mail names are lower case: saved as "joe".`; undefined when nothing changed but whitespace.
 */
export function caseNotice(typed: string, normalized: string): string | undefined {
  const trimmed = typed.trim();
  if (trimmed === normalized || trimmed.toLowerCase() !== normalized) return undefined;
  return `Mail names are matched in lower case: saved as "${normalized}".`;
}

/** True when `name` is in the safe alphabet (what the database CHECK and the renderers rely on). */
export function isSafeName(name: string, maxLength = MAX_HOST_NAME_LENGTH): boolean {
  return localPartProblems(name, 'A name', maxLength).length === 0;
}

function localPartProblems(name: string, what: string, maxLength = MAX_NAME_LENGTH): string[] {
  if (name.length > maxLength) return [`${what} may be at most ${maxLength} characters long.`];
  if (CONTROL.test(name) || /\s/u.test(name)) return [`${what} may not contain spaces, tabs or line breaks.`];
  if (!NAME.test(name)) {
    if (/^[._-]/.test(name)) return [`${what} must start with a letter or a digit.`];
    return [`${what} may contain only letters a-z, digits, ".", "_" and "-".`];
  }
  if (name.includes('..')) return [`${what} may not contain two dots in a row.`];
  if (name.endsWith('.')) return [`${what} may not end with a dot.`];
  return [];
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
