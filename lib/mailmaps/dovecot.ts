import { checkALabelName } from '../mail/domain-name';
import { MAX_HOST_NAME_LENGTH, MAX_NAME_LENGTH } from '../mail/names';
import { isNoLoginHash } from '../mail/no-login-hash';
import type { MailSnapshot, SnapshotAccount } from '../mail/snapshot';
import { hostView } from '../mail/tenancy';
import { linesText, renderedMemo, SortedBlocks, type RenderChange } from './render-reuse';

// The Dovecot passwd-file of a mail host's accounts (docs/dovecot.md), used as both passdb and userdb:
//   name:{SCHEME}hash:uid:gid::home::userdb_quota_rule=*:storage=<N>M[ nologin]
// An account has up to three lines, all with the same hash, uid/gid, home `<homeBase>/<mailbox>` and quota,
// so each of them reaches ONE Maildir and one quota:
// - its name on the host (`ta-joe`): what the MTAs deliver to by LMTP (or dovecot-lda), a userdb lookup;
//   on a classic host (and for an account without a login) also the login;
// - its `login`, the address its customer gives to mail programs (`joe@subhost1.example`);
// - its `legacyLogin`, the bare name it logged in with before tenancy (`joe`), until its customer changes it.
// A line marked `nologin` (a passdb extra field) refuses every login even with the right password, and is
// still found by userdb lookups: the host name gets it when the account has a login of its own (the host
// name is not a login anybody is given), and every line of a disabled account gets it (its mail is still
// delivered, nobody can read it). Measured with Dovecot 2.3.19.1 (tests/mta/dovecot.test.ts): the right
// password on such a line answers "-ERR [AUTH] Login disabled for this user", a wrong one "Authentication
// failed.", and LMTP delivers to it.
// Facts from Dovecot 2.3's db-passwd-file.c that shape the file:
// - fields are split on every ":" (no quoting); everything after the 7th ":" is the extra fields, joined
//   again with ":" and split on spaces, so a quota rule may hold ":" but no field may hold a space; their
//   values are %-expanded (so no "%" either, and no `reason=` text: it could not hold a space);
// - a line starting with "#" or ":" is skipped; a duplicate name logs an error and the first line wins;
// - a password ending in "[NN]" is read as libpam-pwdfile's format; uid or gid 0 drops the user;
// - logins are lower-cased (auth_username_format %Lu) before lookup, so names are written in lower case, and
//   may only hold auth_username_chars (by default a-z A-Z 0-9 . - _ @).
// So the renderer refuses anything it cannot write so that parsing the file gives back exactly the snapshot.

export interface DovecotPasswdOptions {
  /** The one system uid/gid every mailbox belongs to ("vmail"); never 0. */
  uid: number;
  gid: number;
  /** Absolute directory holding one home per account: `<homeBase>/<mailbox>`, Maildir in `~/Maildir`. */
  homeBase: string;
}

export interface DovecotPasswdEntry {
  name: string;
  passwordHash: string;
  uid: number;
  gid: number;
  home: string;
  /** From `userdb_quota_rule=*:storage=<N>M`; null when the line has none (no limit). */
  quotaMb: number | null;
  /** The line has `nologin`: no login with it, userdb lookups (delivery) only. */
  nologin: boolean;
  /** Every other extra field, as written. */
  extraFields: string[];
}

export const DOVECOT_PASSWD_HEADER = '# Dovecot passwd-file written by mailpanel: every change here is overwritten.\n';

/** Names on the host (lib/mail/names.ts, `owner-name` included); inside Dovecot's default auth_username_chars. */
const HOST_NAME = new RegExp(`^[a-z0-9][a-z0-9._-]{0,${MAX_HOST_NAME_LENGTH - 1}}$`);
/**
 * A mailbox directory: the host name, or one the panel chose when that was taken (`ta-joe-2`, so it may be
 * longer than a host name), or the old name of a migrated account. Not a Dovecot user name: only a path part.
 */
const MAX_MAILBOX_LENGTH = 128;
const MAILBOX = new RegExp(`^[a-z0-9][a-z0-9._-]{0,${MAX_MAILBOX_LENGTH - 1}}$`);
/** A bare name a customer typed (a legacy login); the local part of a login address. */
const NAME = new RegExp(`^[a-z0-9][a-z0-9._-]{0,${MAX_NAME_LENGTH - 1}}$`);
/**
 * Schemes Dovecot verifies that a file may carry; never a cleartext one (PLAIN, CLEAR, …). {CRYPT} is the
 * system's crypt(3), which reads many formats: here only traditional DES (13 characters, imported hosts),
 * and NO_LOGIN_HASH (lib/mail/no-login-hash.ts), which no password matches.
 */
// (No "[" either: a password ending in "[NN]" would be read as libpam-pwdfile's format.)
const HASH =
  /^(\{(ARGON2ID|ARGON2I|BLF-CRYPT|SHA512-CRYPT|SHA256-CRYPT|MD5-CRYPT)\}\$[A-Za-z0-9./+$=,-]+|\{CRYPT\}[./0-9A-Za-z]{13}|\{CRYPT\}!)$/;
const MAX_HASH_LENGTH = 512;
const PATH = /^(\/[A-Za-z0-9._+-]+)+$/;
const MAX_ID = 4_294_967_294; // (uid_t)-1 means "unset" to Dovecot
const MAX_QUOTA_MB = 1_000_000_000;
const QUOTA = /^userdb_quota_rule=\*:storage=(\d+)M$/;
const NOLOGIN = 'nologin';

export class DovecotRenderError extends Error {
  override name = 'DovecotRenderError';
}

/** One line of the file before it is written: a name and whether it may log in. */
interface PasswdLine {
  name: string;
  role: 'name' | 'login' | 'legacy login';
  nologin: boolean;
}

/**
 * The passwd-file text for a snapshot's accounts, in the host view (lib/mail/tenancy.ts): accounts sorted
 * by host name, each with its lines (host name, login, legacy login); deterministic, ends with "\n". A bare
 * `{ accounts }` is taken as a host view's accounts.
 */
export function renderDovecotPasswd(snapshot: MailSnapshot | Pick<MailSnapshot, 'accounts'>, opts: DovecotPasswdOptions): string {
  checkDovecotId('uid', opts.uid);
  checkDovecotId('gid', opts.gid);
  checkDovecotPath('homeBase', opts.homeBase);
  if (!('version' in snapshot)) return wholeMemo(snapshot.accounts, opts).text;
  // Memos per settings: a host's ids and home change rarely, and its file is then another file.
  const options = JSON.stringify([opts.uid, opts.gid, opts.homeBase]);
  let memos = memosBySettings.get(options);
  if (!memos) memosBySettings.set(options, (memos = new WeakMap()));
  return renderedMemo(
    memos,
    snapshot,
    (given) => wholeMemo(hostView(given).accounts, opts),
    (_, change) => patchedMemo(change, opts),
  ).text;
}

/** A render's pieces (lib/mailmaps/render-reuse.ts): each account's lines, and who holds each name and mailbox. */
interface PasswdMemo {
  text: string;
  blocks: SortedBlocks;
  /** Each login name (host name, login, legacy login) and each mailbox: the account (host name) holding it. */
  names: Map<string, string>;
  mailboxes: Map<string, string>;
}

const memosBySettings = new Map<string, WeakMap<MailSnapshot, PasswdMemo>>();

function wholeMemo(accounts: readonly SnapshotAccount[], opts: DovecotPasswdOptions): PasswdMemo {
  const sorted = [...accounts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Who holds each name and mailbox, by account. A name held twice is refused: Dovecot would silently keep
  // the first line of a name, and a mailbox shared by two accounts would let each read the other's mail.
  // The words of a refusal are made only for one (a string per line was a big host's garbage).
  const names = new Map<string, string>();
  const mailboxes = new Map<string, string>();
  const holder = (account: string, name: string) => {
    const held = sorted.find((a) => a.name === account);
    const role = held ? accountLines(held).find((l) => l.name === name)?.role : undefined;
    return `the ${role ?? 'name'} of account "${account}"`;
  };
  const blocks = sorted.map((account, i) => {
    if (i > 0 && sorted[i - 1]?.name === account.name) failDovecot(`account "${account.name}" appears twice`);
    checkAccount(account);
    const mailbox = account.mailbox ?? account.name;
    const sharing = mailboxes.get(mailbox);
    if (sharing !== undefined) failDovecot(`mailbox "${mailbox}" would be shared by account "${sharing}" and account "${account.name}"`);
    mailboxes.set(mailbox, account.name);
    const lines = accountLines(account).map((line) => {
      const before = names.get(line.name);
      if (before !== undefined)
        failDovecot(`"${line.name}" appears twice: as ${holder(before, line.name)} and as the ${line.role} of account "${account.name}"`);
      names.set(line.name, account.name);
      return entryLine(account, line, `${opts.homeBase}/${mailbox}`, opts);
    });
    return { key: account.name, sort: account.name, text: linesText(lines) };
  });
  const memo = { text: '', blocks: SortedBlocks.of(blocks), names, mailboxes };
  memo.text = DOVECOT_PASSWD_HEADER + memo.blocks.text();
  return memo;
}

/** The memo patched: the replaced accounts' names and mailboxes let go, their lines made again. */
function patchedMemo(change: RenderChange<PasswdMemo>, opts: DovecotPasswdOptions): PasswdMemo {
  const { memo } = change;
  const letGo = (held: Map<string, string>, key: string, account: string) => {
    if (held.get(key) === account) held.delete(key);
  };
  for (const account of change.before.accounts) {
    letGo(memo.mailboxes, account.mailbox ?? account.name, account.name);
    for (const line of accountLines(account)) letGo(memo.names, line.name, account.name);
    memo.blocks.put(account.name, undefined);
  }
  for (const account of change.after.accounts) {
    checkAccount(account);
    const mailbox = account.mailbox ?? account.name;
    const take = (held: Map<string, string>, key: string) => {
      if (held.has(key)) throw new Error(`${key} held twice`);
      held.set(key, account.name);
    };
    take(memo.mailboxes, mailbox);
    const lines = accountLines(account).map((line) => {
      take(memo.names, line.name);
      return entryLine(account, line, `${opts.homeBase}/${mailbox}`, opts);
    });
    memo.blocks.put(account.name, { sort: account.name, text: linesText(lines) });
  }
  // No account replaced: the same text (the same string, which the publisher then need not hash again).
  if (change.before.accounts.length + change.after.accounts.length > 0) memo.text = DOVECOT_PASSWD_HEADER + memo.blocks.text();
  return memo;
}

/**
 * The lines of one account. The host name refuses logins when the account has a login of its own: people
 * are given the address, and a way in they were never told of could not be retired when their customer
 * changes the login. (Dovecot still checks the password on a nologin line and answers the right one with
 * "Login disabled": the refusal keeps the logins to the ones given out, it hides nothing.)
 */
function accountLines(account: SnapshotAccount): PasswdLine[] {
  // An account stored with NO_LOGIN_HASH (imported locked, never set or empty) refuses every login by its
  // lines too, so Dovecot answers before it compares any hash; its mail is still delivered.
  const disabled = account.loginDisabled === true || isNoLoginHash(account.passwordHash);
  const logins: PasswdLine[] = [];
  if (account.login !== undefined) logins.push({ name: account.login, role: 'login', nologin: disabled });
  if (account.legacyLogin !== undefined) logins.push({ name: account.legacyLogin, role: 'legacy login', nologin: disabled });
  return [{ name: account.name, role: 'name', nologin: disabled || logins.length > 0 }, ...logins];
}

function checkAccount(account: SnapshotAccount): void {
  const { name, passwordHash, quotaMb, login, legacyLogin, mailbox } = account;
  if (!HOST_NAME.test(name))
    failDovecot(`account name ${JSON.stringify(name)} is not lower-case a-z, 0-9, ".", "_", "-" (1-${MAX_HOST_NAME_LENGTH})`);
  if (login !== undefined && !isLoginAddress(login)) {
    failDovecot(
      `account "${name}": login ${JSON.stringify(login)} is not an address local@domain (lower-case a-z, 0-9, ".", "_", "-"; the domain an A-label)`,
    );
  }
  if (legacyLogin !== undefined && !NAME.test(legacyLogin)) {
    failDovecot(
      `account "${name}": legacy login ${JSON.stringify(legacyLogin)} is not lower-case a-z, 0-9, ".", "_", "-" (1-${MAX_NAME_LENGTH})`,
    );
  }
  if (mailbox !== undefined && !MAILBOX.test(mailbox)) {
    failDovecot(
      `account "${name}": mailbox ${JSON.stringify(mailbox)} is not lower-case a-z, 0-9, ".", "_", "-" (1-${MAX_MAILBOX_LENGTH})`,
    );
  }
  if (!HASH.test(passwordHash) || passwordHash.length > MAX_HASH_LENGTH) {
    failDovecot(`account "${name}": password hash is not a {SCHEME}hash Dovecot verifies (${describeHash(passwordHash)})`);
  }
  if (!Number.isSafeInteger(quotaMb) || quotaMb < 1 || quotaMb > MAX_QUOTA_MB) {
    failDovecot(`account "${name}": quota ${JSON.stringify(quotaMb)} MB is not a whole number from 1 to ${MAX_QUOTA_MB}`);
  }
}

function entryLine(account: SnapshotAccount, line: PasswdLine, home: string, opts: DovecotPasswdOptions): string {
  const extra = `userdb_quota_rule=*:storage=${account.quotaMb}M${line.nologin ? ` ${NOLOGIN}` : ''}`;
  return `${line.name}:${account.passwordHash}:${opts.uid}:${opts.gid}::${home}::${extra}`;
}

/** `local@domain` with a name's local part and an A-label domain: what mail programs log in with. */
export function isLoginAddress(login: string): boolean {
  const at = login.indexOf('@');
  return at > 0 && NAME.test(login.slice(0, at)) && checkALabelName(login.slice(at + 1)).ok; // lower-case labels only
}

/** Parses a passwd-file as Dovecot reads it, strictly: a line this module would not write is an error. */
export function parseDovecotPasswd(text: string): DovecotPasswdEntry[] {
  const entries: DovecotPasswdEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(':');
    if (fields.length < 7) failDovecot(`${where}: expected name:password:uid:gid:gecos:home:shell[:extra]`);
    const [name = '', passwordHash = '', uid = '', gid = '', , home = '', shell = ''] = fields;
    if (!HOST_NAME.test(name) && !isLoginAddress(name)) failDovecot(`${where}: bad name ${JSON.stringify(name)}`);
    if (seen.has(name)) failDovecot(`${where}: "${name}" appears twice (Dovecot keeps the first)`);
    seen.add(name);
    if (!HASH.test(passwordHash) || passwordHash.length > MAX_HASH_LENGTH)
      failDovecot(`${where}: "${name}" has no {SCHEME}hash password (${describeHash(passwordHash)})`);
    if (shell !== '') failDovecot(`${where}: unexpected shell field`);
    if (!PATH.test(home)) failDovecot(`${where}: home ${JSON.stringify(home)} is not an absolute path`);
    const { quotaMb, nologin, extraFields } = parseExtraFields(where, fields.slice(7).join(':'));
    if (isNoLoginHash(passwordHash) && !nologin) failDovecot(`${where}: "${name}" has the no-login hash without "${NOLOGIN}"`);
    entries.push({ name, passwordHash, uid: parseId(where, uid), gid: parseId(where, gid), home, quotaMb, nologin, extraFields });
  });
  return entries;
}

function parseExtraFields(where: string, text: string): Pick<DovecotPasswdEntry, 'quotaMb' | 'nologin' | 'extraFields'> {
  let quotaMb: number | null = null;
  let nologin = false;
  const extraFields = text.split(' ').filter((field) => {
    if (field === '') return false;
    const quota = QUOTA.exec(field);
    if (quota?.[1] !== undefined) {
      if (quotaMb !== null) failDovecot(`${where}: two quota rules`);
      quotaMb = Number(quota[1]);
      return false;
    }
    if (field !== NOLOGIN) return true;
    if (nologin) failDovecot(`${where}: "${NOLOGIN}" twice`);
    nologin = true;
    return false;
  });
  return { quotaMb, nologin, extraFields };
}

export function checkDovecotId(what: string, id: number): void {
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID)
    failDovecot(`${what} ${id} must be a whole number from 1 to ${MAX_ID} (Dovecot refuses 0)`);
}

/** Throws unless `path` is absolute and made only of characters no Dovecot or passwd-file syntax reads. */
export function checkDovecotPath(what: string, path: string): void {
  if (!PATH.test(path) || path.split('/').some((part) => part === '.' || part === '..')) {
    failDovecot(
      `${what} ${JSON.stringify(path)} must be an absolute path of A-Z a-z 0-9 . _ + - without "." or ".." parts or a trailing "/"`,
    );
  }
}

function parseId(where: string, text: string): number {
  const id = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(id >= 1 && id <= MAX_ID)) failDovecot(`${where}: uid/gid ${JSON.stringify(text)} is not a number from 1 to ${MAX_ID}`);
  return id;
}

/** Names the scheme for an error message without echoing the secret-ish hash itself. */
function describeHash(hash: string): string {
  const scheme = /^\{([A-Z0-9-]{1,20})\}/.exec(hash)?.[1];
  return scheme ? `scheme ${scheme}` : 'no {SCHEME} prefix';
}

function failDovecot(message: string): never {
  throw new DovecotRenderError(`Dovecot: ${message}`);
}
