import type { MailSnapshot, SnapshotAccount } from '../mail/snapshot';

// The Dovecot passwd-file of a mail host's accounts (docs/dovecot.md): one line per account,
//   name:{SCHEME}hash:uid:gid::home::userdb_quota_rule=*:storage=<N>M
// Facts from Dovecot 2.3's db-passwd-file.c that shape it:
// - fields are split on every ":" (no quoting); everything after the 7th ":" is the extra fields, joined
//   again with ":" and split on spaces, so a quota rule may hold ":" but no field may hold a space;
// - a line starting with "#" or ":" is skipped; a duplicate name logs an error and the first line wins;
// - a password ending in "[NN]" is read as libpam-pwdfile's format; uid or gid 0 drops the user;
// - logins are lower-cased (auth_username_format %Lu) before lookup, so names are written in lower case.
// So the renderer refuses anything it cannot write so that parsing the file gives back exactly the snapshot.

export interface DovecotPasswdOptions {
  /** The one system uid/gid every mailbox belongs to ("vmail"); never 0. */
  uid: number;
  gid: number;
  /** Absolute directory holding one home per account: `<homeBase>/<name>`, Maildir in `~/Maildir`. */
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
  /** Every other extra field, as written. */
  extraFields: string[];
}

export const DOVECOT_PASSWD_HEADER = '# Dovecot passwd-file written by mailpanel: every change here is overwritten.\n';

/** Names as lib/mail/names.ts allows them; also inside Dovecot's default auth_username_chars. */
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Schemes Dovecot verifies that a file may carry; never a cleartext one (PLAIN, CLEAR, …). */
// (No "[" either: a password ending in "[NN]" would be read as libpam-pwdfile's format.)
const HASH = /^\{(ARGON2ID|ARGON2I|BLF-CRYPT|SHA512-CRYPT|SHA256-CRYPT)\}\$[A-Za-z0-9./+$=,-]+$/;
const MAX_HASH_LENGTH = 512;
const PATH = /^(\/[A-Za-z0-9._+-]+)+$/;
const MAX_ID = 4_294_967_294; // (uid_t)-1 means "unset" to Dovecot
const MAX_QUOTA_MB = 1_000_000_000;
const QUOTA = /^userdb_quota_rule=\*:storage=(\d+)M$/;

export class DovecotRenderError extends Error {
  override name = 'DovecotRenderError';
}

/** The passwd-file text for a snapshot's accounts: sorted by name, deterministic, ends with "\n". */
export function renderDovecotPasswd(snapshot: Pick<MailSnapshot, 'accounts'>, opts: DovecotPasswdOptions): string {
  checkDovecotId('uid', opts.uid);
  checkDovecotId('gid', opts.gid);
  checkDovecotPath('homeBase', opts.homeBase);
  const accounts = [...snapshot.accounts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = accounts.map((account, i) => {
    if (i > 0 && accounts[i - 1]?.name === account.name) failDovecot(`account "${account.name}" appears twice`);
    return entryLine(account, opts);
  });
  return DOVECOT_PASSWD_HEADER + lines.map((line) => line + '\n').join('');
}

function entryLine(account: SnapshotAccount, opts: DovecotPasswdOptions): string {
  const { name, passwordHash, quotaMb } = account;
  if (!NAME.test(name)) failDovecot(`account name ${JSON.stringify(name)} is not lower-case a-z, 0-9, ".", "_", "-" (1-64)`);
  if (!HASH.test(passwordHash) || passwordHash.length > MAX_HASH_LENGTH) {
    failDovecot(`account "${name}": password hash is not a {SCHEME}hash Dovecot verifies (${describeHash(passwordHash)})`);
  }
  if (!Number.isSafeInteger(quotaMb) || quotaMb < 1 || quotaMb > MAX_QUOTA_MB) {
    failDovecot(`account "${name}": quota ${JSON.stringify(quotaMb)} MB is not a whole number from 1 to ${MAX_QUOTA_MB}`);
  }
  const home = `${opts.homeBase}/${name}`;
  return `${name}:${passwordHash}:${opts.uid}:${opts.gid}::${home}::userdb_quota_rule=*:storage=${quotaMb}M`;
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
    if (!NAME.test(name)) failDovecot(`${where}: bad name ${JSON.stringify(name)}`);
    if (seen.has(name)) failDovecot(`${where}: "${name}" appears twice (Dovecot keeps the first)`);
    seen.add(name);
    if (!HASH.test(passwordHash) || passwordHash.length > MAX_HASH_LENGTH) failDovecot(`${where}: "${name}" has no {SCHEME}hash password (${describeHash(passwordHash)})`);
    if (shell !== '') failDovecot(`${where}: unexpected shell field`);
    if (!PATH.test(home)) failDovecot(`${where}: home ${JSON.stringify(home)} is not an absolute path`);
    const extraFields = fields.slice(7).join(':').split(' ').filter((field) => field !== '');
    let quotaMb: number | null = null;
    const others = extraFields.filter((field) => {
      const quota = QUOTA.exec(field);
      if (!quota?.[1]) return true;
      quotaMb = Number(quota[1]);
      return false;
    });
    entries.push({ name, passwordHash, uid: parseId(where, uid), gid: parseId(where, gid), home, quotaMb, extraFields: others });
  });
  return entries;
}

export function checkDovecotId(what: string, id: number): void {
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID) failDovecot(`${what} ${id} must be a whole number from 1 to ${MAX_ID} (Dovecot refuses 0)`);
}

/** Throws unless `path` is absolute and made only of characters no Dovecot or passwd-file syntax reads. */
export function checkDovecotPath(what: string, path: string): void {
  if (!PATH.test(path) || path.split('/').some((part) => part === '.' || part === '..')) {
    failDovecot(`${what} ${JSON.stringify(path)} must be an absolute path of A-Z a-z 0-9 . _ + - without "." or ".." parts or a trailing "/"`);
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
