import { checkDovecotId, checkDovecotPath, DovecotRenderError } from './dovecot';
import { SIEVE_SCRIPT_SUFFIX } from './sieve-files';

// A complete, standalone dovecot.conf (no conf.d includes) for a mail host whose accounts come from the
// passwd-file of renderDovecotPasswd (docs/dovecot.md explains each setting). The mailbox is
// `<home>/Maildir`, and Dovecot is the only writer: Postfix hands mail over by LMTP (this file's socket),
// sendmail by LMTP too or by running dovecot-lda. So delivery, quota and POP3 all read one userdb.

export interface DovecotConfOptions {
  /** Names this instance's processes ("dovecot-<name>/auth") and lets several run on one machine. */
  instanceName: string;
  /** The passwd-file renderDovecotPasswd wrote: passdb and userdb. */
  passwdFile: string;
  /** The uid/gid given to renderDovecotPasswd: mail processes may run as nothing else. */
  uid: number;
  gid: number;
  /** Runtime sockets and pid (Dovecot's base_dir), and persistent state (state_dir). */
  baseDir: string;
  stateDir: string;
  /** A log file; without it Dovecot logs to syslog. */
  logPath?: string;
  /** Address the POP3 listener binds (an IP literal, or "*" for all IPv4). */
  listenAddress: string;
  pop3Port: number;
  /** An LMTP socket for delivery; owner and mode so the MTA (and only it) may connect. */
  lmtp?: { socketPath: string; user: string; group: string; mode: '0600' | '0660' };
  /** Certificate and key (PEM). Without them TLS is off and Dovecot accepts passwords from loopback only. */
  tls?: { certFile: string; keyFile: string };
  /** Seconds a failed login waits before its answer; Dovecot's default (2) when absent. */
  authFailureDelaySeconds?: number;
  /** The accounts' autoreplies (lib/mailmaps/sieve-files.ts): Sieve in LMTP and dovecot-lda. */
  sieve?: DovecotSieveOptions;
}

export interface DovecotSieveOptions {
  /** The directory of the published `<name>.sieve` scripts: `<mapDir>/current`. */
  scriptDir: string;
  /** "host:port" of an SMTP server that relays the replies; absent: Dovecot's sendmail_path (/usr/sbin/sendmail). */
  submissionHost?: string;
  /** Dovecot's own bounces and rejects come from here (e.g. postmaster@<the host's name>). */
  postmasterAddress: string;
}

const INSTANCE = /^[a-z0-9][a-z0-9-]{0,31}$/;
const ADDRESS = /^(\*|::|::1|\d{1,3}(\.\d{1,3}){3}|[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7})$/i;
const SYSTEM_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
const SUBMISSION_HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?):\d{1,5}$/;
const POSTMASTER = /^[a-z0-9._+-]{1,64}@[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;

/** The dovecot.conf text for the given paths; deterministic, throws DovecotRenderError on an unsafe value. */
export function renderDovecotConf(opts: DovecotConfOptions): string {
  check(opts);
  const { lmtp, tls } = opts;
  const protocols = lmtp ? 'pop3 lmtp' : 'pop3';
  return lines(
    '# Dovecot configuration written by mailpanel (docs/dovecot.md): every change here is overwritten.',
    `instance_name = ${opts.instanceName}`,
    `base_dir = ${opts.baseDir}`,
    `state_dir = ${opts.stateDir}`,
    opts.logPath && `log_path = ${opts.logPath}`,
    `protocols = ${protocols}`,
    `listen = ${opts.listenAddress}`,
    '',
    '# Passwords never cross the network in the clear: without TLS, Dovecot still accepts them from',
    '# loopback (it counts a connection from its own address as secure), and from nowhere else.',
    tls ? 'ssl = required' : 'ssl = no',
    tls && `ssl_cert = <${tls.certFile}`,
    tls && `ssl_key = <${tls.keyFile}`,
    'disable_plaintext_auth = yes',
    'auth_mechanisms = plain login',
    '# Logins (an address, or a bare name) are looked up whole, in lower case: the passwd-file holds',
    '# lower-case names only.',
    'auth_username_format = %Lu',
    opts.authFailureDelaySeconds !== undefined && `auth_failure_delay = ${opts.authFailureDelaySeconds} secs`,
    '',
    '# Every account is one uid/gid (the passwd-file says which); a file naming another cannot run as it.',
    `first_valid_uid = ${opts.uid}`,
    `last_valid_uid = ${opts.uid}`,
    `first_valid_gid = ${opts.gid}`,
    `last_valid_gid = ${opts.gid}`,
    '',
    'passdb {',
    '  driver = passwd-file',
    `  args = username_format=%Lu ${opts.passwdFile}`,
    '}',
    'userdb {',
    '  driver = passwd-file',
    `  args = username_format=%Lu ${opts.passwdFile}`,
    '}',
    '',
    '# The mailbox: Maildir in the home the passwd-file gives; delivery (LMTP, dovecot-lda) writes the same.',
    'mail_location = maildir:~/Maildir',
    'namespace inbox {',
    '  inbox = yes',
    '}',
    '',
    '# The quota is the passwd-file\'s userdb_quota_rule; "count" keeps it in Dovecot\'s index.',
    'mail_plugins = $mail_plugins quota',
    'plugin {',
    '  quota = count:User quota',
    '  quota_vsizes = yes',
    ...(opts.sieve ? sievePluginLines(opts.sieve) : []),
    '}',
    ...(opts.sieve ? sieveLines(opts.sieve) : []),
    '',
    'service pop3-login {',
    '  inet_listener pop3 {',
    `    address = ${opts.listenAddress}`,
    `    port = ${opts.pop3Port}`,
    '  }',
    '  inet_listener pop3s {',
    '    port = 0',
    '  }',
    '}',
    ...(lmtp ? lmtpLines(lmtp, opts.sieve !== undefined) : []),
  );
}

/**
 * Each account's script is `<scriptDir>/<its name on the host>.sieve`: LMTP and dovecot-lda run as that
 * name (%n), and a name without a file delivers as if Sieve were off (measured on Pigeonhole 0.5.19).
 * The compiled script goes to the home (bindir): the script directory belongs to root, and without a
 * writable bindir Pigeonhole logs an Error at every delivery (it still delivers and replies).
 */
function sievePluginLines(sieve: DovecotSieveOptions): string[] {
  return [
    `  sieve = file:${sieve.scriptDir}/%n${SIEVE_SCRIPT_SUFFIX};bindir=~/.sieve-bin`,
    "  # The panel's :days go up to 365; Pigeonhole caps :days at sieve_vacation_max_period (60 days by default).",
    '  sieve_vacation_max_period = 365d',
    "  # Vacation answers only mail that names the account (its login or own addresses, the script's",
    '  # :addresses) in To/Cc: never mail that reached it by a catch-all, an alias or Bcc (RFC 5230 4.5).',
    '  sieve_vacation_dont_check_recipient = no',
  ];
}

function sieveLines(sieve: DovecotSieveOptions): string[] {
  return [
    '',
    '# Autoreplies (docs/dovecot.md, "Sieve autoreply"): Sieve runs where mail is delivered, LMTP (Postfix)',
    '# and dovecot-lda (sendmail). Replies leave with the null sender (<>), so they never bounce back.',
    'protocol lda {',
    '  mail_plugins = $mail_plugins sieve',
    '}',
    `postmaster_address = ${sieve.postmasterAddress}`,
    sieve.submissionHost === undefined
      ? "# Replies go out through sendmail_path (Dovecot's default: /usr/sbin/sendmail)."
      : `submission_host = ${sieve.submissionHost}`,
  ];
}

function lmtpLines(lmtp: NonNullable<DovecotConfOptions['lmtp']>, sieve: boolean): string[] {
  return [
    '',
    '# LMTP answers for each recipient, so the MTA bounces with the reason: a mailbox already over quota',
    '# at RCPT, one the message would overfill after DATA (552 5.2.2). "+detail" is dropped to find the',
    '# user (recipient_delimiter), as the MTAs do for local delivery.',
    'lmtp_rcpt_check_quota = yes',
    'recipient_delimiter = +',
    '# Postfix hands mailbox mail over as `name@<its hostname>` (local(8) qualifies the local name); the',
    '# passwd-file holds each account under its bare name on the host, so LMTP looks up the local part',
    '# alone (the login addresses in the file are for POP3/IMAP, where the whole login is looked up).',
    'protocol lmtp {',
    '  auth_username_format = %Ln',
    ...(sieve ? ['  mail_plugins = $mail_plugins sieve'] : []),
    '}',
    'service lmtp {',
    `  unix_listener ${lmtp.socketPath} {`,
    `    mode = ${lmtp.mode}`,
    `    user = ${lmtp.user}`,
    `    group = ${lmtp.group}`,
    '  }',
    '}',
  ];
}

function check(opts: DovecotConfOptions): void {
  if (!INSTANCE.test(opts.instanceName)) fail(`instance name ${JSON.stringify(opts.instanceName)} is not a-z, 0-9, "-" (1-32)`);
  checkDovecotId('uid', opts.uid);
  checkDovecotId('gid', opts.gid);
  const paths: [string, string | undefined][] = [
    ['passwdFile', opts.passwdFile],
    ['baseDir', opts.baseDir],
    ['stateDir', opts.stateDir],
    ['logPath', opts.logPath],
    ['lmtp.socketPath', opts.lmtp?.socketPath],
    ['tls.certFile', opts.tls?.certFile],
    ['tls.keyFile', opts.tls?.keyFile],
  ];
  for (const [what, path] of paths) if (path !== undefined) checkDovecotPath(what, path);
  if (!ADDRESS.test(opts.listenAddress)) fail(`listen address ${JSON.stringify(opts.listenAddress)} is not an IP literal or "*"`);
  if (!Number.isInteger(opts.pop3Port) || opts.pop3Port < 1 || opts.pop3Port > 65535) fail(`POP3 port ${opts.pop3Port} is not 1-65535`);
  if (opts.lmtp) {
    for (const name of [opts.lmtp.user, opts.lmtp.group])
      if (!SYSTEM_NAME.test(name)) fail(`LMTP socket owner ${JSON.stringify(name)} is not a system user/group name`);
    if (opts.lmtp.mode !== '0600' && opts.lmtp.mode !== '0660')
      fail(`LMTP socket mode ${JSON.stringify(opts.lmtp.mode)} is not 0600 or 0660`);
  }
  if (opts.sieve) {
    checkDovecotPath('sieve.scriptDir', opts.sieve.scriptDir);
    if (opts.sieve.submissionHost !== undefined && !SUBMISSION_HOST.test(opts.sieve.submissionHost))
      fail(`submission host ${JSON.stringify(opts.sieve.submissionHost)} is not host:port`);
    if (!POSTMASTER.test(opts.sieve.postmasterAddress))
      fail(`postmaster address ${JSON.stringify(opts.sieve.postmasterAddress)} is not a plain lower-case address`);
  }
  const delay = opts.authFailureDelaySeconds;
  if (delay !== undefined && (!Number.isInteger(delay) || delay < 0 || delay > 60)) fail(`auth failure delay ${delay} is not 0-60 seconds`);
}

function lines(...items: (string | false | undefined)[]): string {
  return items
    .filter((item): item is string => typeof item === 'string')
    .map((line) => line + '\n')
    .join('');
}

function fail(message: string): never {
  throw new DovecotRenderError(`Dovecot: ${message}`);
}
