import { checkedShards, shardFiles } from '../mail/map-shards';

// The sendmail configuration the panel's files assume (docs/sendmail.md), as m4 for sendmail-cf:
// - `renderSendmailM4`: the panel's part, to include in a host's own sendmail.mc after its FEATURE lines
//   and before its MAILER lines;
// - `renderSendmailMc`: a whole .mc around that part (Debian's OSTYPE, local and esmtp mailers), with an
//   optional `isolated` block that makes a private instance safe and fast on a test machine.
// Pure and deterministic, like the map renderers.
//
// How accounts become local recipients (the design decision, measured in tests/mta/sendmail.test.ts):
// sendmail's local mailer knows users only through getpwnam (mailer flag F=w: "550 5.1.1 User unknown"
// otherwise). Instead of making every account a Unix user, the panel writes an `accounts` map, and a
// Local_localaddr rule — the hook at the start of ruleset 5, which sendmail runs on a local name after the
// aliases (also for `\name`) — sends a name found there to the `mailpanel` mailer, which hands the
// message to Dovecot (LMTP by default, or dovecot-lda) for the mailbox Dovecot serves over POP3/IMAP.
// Consequences:
// - precedence stays sendmail's own: virtusertable, then aliases (an alias with an account's name wins),
//   then accounts; ruleset 5 also does the `+detail` dance (user+detail, user+*, user in the aliases)
//   before the account is looked up, so `joe+tag` reaches alias `joe` before account `joe`;
// - a name that is not an account continues to the local mailer unchanged: the host's own users and
//   aliases (root, postmaster…, names lib/mail reserves) keep working, and any other name is answered by
//   sendmail itself with "550 5.1.1 User unknown";
// - account lookups fold case (makemap folds keys), like getpwnam's second, lower-case try.

export type MailboxDelivery =
  /** Run Dovecot's LDA as one system user: `dovecot-lda [-c CONFIG] -d <account>`. */
  | { kind: 'lda'; path: string; user: string; group: string; config?: string }
  /** Talk LMTP to Dovecot's lmtp socket (unix domain socket path). */
  | { kind: 'lmtp'; socket: string };

export interface SendmailM4Options {
  /** Absolute directory of the panel's files and their .db maps (local-host-names, virtusertable, aliases, accounts). */
  mapDir: string;
  /** The host's own alias files (root, postmaster…), searched after the panel's aliases. */
  hostAliasFiles?: readonly string[];
  mailbox: MailboxDelivery;
  /** The host's map shards (HostSettings.mapShards): the virtuser map is then a sequence of the shards. */
  shards?: number;
}

export interface SendmailMcOptions extends SendmailM4Options {
  /**
   * For a private instance on a machine that is not a mail host (tests): a fully qualified name (an
   * unqualified one makes sendmail sleep 60 s at every start), name lookups from files only (no DNS:
   * the service switch and hosts file given here), no interface probing, and its own queue and state.
   */
  isolated?: { hostName: string; serviceSwitchFile: string; hostsFile: string; stateDir: string };
}

/**
 * LMTP to Debian's dovecot-lmtpd socket: Dovecot itself switches to the mailbox's uid, so sendmail needs
 * no mailbox user, and Dovecot's log and stats sockets stay private (dovecot-lda run as vmail needs write
 * access to both; measured: it exits EX_TEMPFAIL and the message waits in the queue otherwise).
 */
export const DEFAULT_MAILBOX: MailboxDelivery = { kind: 'lmtp', socket: '/run/dovecot/lmtp' };

const PATH = /^(\/[A-Za-z0-9._+-]+)+$/;
const USER = /^[a-z_][a-z0-9_-]{0,31}$/;
const HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

export class SendmailConfigError extends Error {
  override name = 'SendmailConfigError';
}

/** The panel's m4 part: map locations, the accounts lookup and the mailer to Dovecot. */
export function renderSendmailM4(opts: SendmailM4Options): string {
  const dir = checkedPath('mapDir', opts.mapDir);
  const shards = checkedShards(opts.shards ?? 1);
  const aliasFiles = [`${dir}/aliases`, ...(opts.hostAliasFiles ?? []).map((file) => checkedPath('hostAliasFiles', file))];
  return `dnl ---- mailpanel: the panel's maps (written by mailpanel; see docs/sendmail.md) ----
define(\`confCW_FILE', \`${dir}/local-host-names %[^\\#]')dnl
FEATURE(\`use_cw_file')dnl
${virtuserPart(dir, shards)}
define(\`ALIAS_FILE', \`${aliasFiles.join(',')}')dnl
LOCAL_CONFIG
# mailpanel: the accounts, i.e. the local names whose mail goes to a Dovecot mailbox.
Kmailpanelaccounts hash ${dir}/accounts
LOCAL_RULESETS
# mailpanel: ruleset 5 runs on a local name after the aliases. A name with +detail is left to the rest
# of ruleset 5, which tries user+* and then user in the aliases and calls this again with user; a name in
# the accounts map goes to the mailpanel mailer (the detail in the host part); any other name continues
# to the local mailer (system users, or "550 5.1.1 User unknown").
SLocal_localaddr
R$+ + $*		$@ $1 + $2
R$+			$: < $(mailpanelaccounts $1 $: ? $) > $1
R< ? > $+		$@ $1
R< $+ > $+		$#mailpanel $@ $&h $: $1
MAILER_DEFINITIONS
${mailerDefinition(opts.mailbox)}
dnl ---- mailpanel: end ----
`;
}

/**
 * The virtuser map: one hash map, or with shards a `sequence` of the base and the shards (the first that
 * holds a key answers; no key is in two). A sequence names maps defined before it, so the shards are
 * defined in a LOCAL_CONFIG block ahead of the feature, which writes its own K line into the same block.
 */
function virtuserPart(dir: string, shards: number): string {
  if (shards <= 1) return `FEATURE(\`virtusertable', \`hash ${dir}/virtusertable')dnl`;
  const files = ['virtusertable', ...shardFiles('virtusertable', shards)];
  const maps = files.map((file) => `mailpanelvu${file.slice('virtusertable'.length).replace('.', '')}`);
  return `LOCAL_CONFIG
# mailpanel: the virtusertable's shards (docs/publishing.md, "Shards").
${files.map((file, i) => `K${maps[i]} hash ${dir}/${file}`).join('\n')}
FEATURE(\`virtusertable', \`sequence ${maps.join(' ')}')dnl`;
}

/** A whole sendmail.mc: Debian's OSTYPE, the panel's part, the local and esmtp mailers. */
export function renderSendmailMc(opts: SendmailMcOptions): string {
  return `divert(-1)dnl
# sendmail.mc for a mailpanel mail host (generated; see docs/sendmail.md). Build: m4 sendmail.mc > sendmail.cf
divert(0)dnl
include(\`/usr/share/sendmail/cf/m4/cf.m4')dnl
VERSIONID(\`mailpanel')dnl
OSTYPE(\`debian')dnl
${opts.isolated ? isolatedPart(opts.isolated) : ''}${renderSendmailM4(opts)}MAILER(\`local')dnl
MAILER(\`smtp')dnl
`;
}

function isolatedPart(isolated: NonNullable<SendmailMcOptions['isolated']>): string {
  if (!HOST.test(isolated.hostName))
    fail(`isolated.hostName ${JSON.stringify(isolated.hostName)} must be a fully qualified lower-case name`);
  const state = checkedPath('isolated.stateDir', isolated.stateDir);
  return `dnl ---- isolated instance: own name, files-only lookups, own state ----
define(\`confDOMAIN_NAME', \`${isolated.hostName}')dnl
define(\`confSERVICE_SWITCH_FILE', \`${checkedPath('isolated.serviceSwitchFile', isolated.serviceSwitchFile)}')dnl
define(\`confHOSTS_FILE', \`${checkedPath('isolated.hostsFile', isolated.hostsFile)}')dnl
define(\`confDONT_PROBE_INTERFACES', \`true')dnl
define(\`confCR_FILE', \`-o ${state}/relay-domains')dnl
FEATURE(\`nocanonify')dnl
undefine(\`confHOST_STATUS_DIRECTORY')dnl
define(\`QUEUE_DIR', \`${state}/mqueue')dnl
define(\`STATUS_FILE', \`${state}/sendmail.st')dnl
define(\`confDEAD_LETTER_DROP', \`${state}/dead.letter')dnl
`;
}

// Mailer flags: l local delivery, s strip quotes, D F M P add Date, From, Message-Id, Return-Path when
// missing, n no Unix From line, q VRFY answers 250; LDA: S run as U= (never as root, never as a guessed
// user); LMTP: z speak LMTP, X dot transparency. No A (aliases were already applied), no 5 (ruleset 5 was
// already applied), no w (accounts are not Unix users).
function mailerDefinition(mailbox: MailboxDelivery): string {
  if (mailbox.kind === 'lmtp') {
    return `Mmailpanel,	P=[IPC], F=lsDFMPnqXz, S=EnvFromSMTP/HdrFromL, R=EnvToL/HdrToL, T=DNS/RFC822/SMTP,
		A=FILE ${checkedPath('mailbox.socket', mailbox.socket)}`;
  }
  const path = checkedPath('mailbox.path', mailbox.path);
  if (!USER.test(mailbox.user) || !USER.test(mailbox.group))
    fail(`mailbox user/group ${JSON.stringify(`${mailbox.user}:${mailbox.group}`)} are not system names`);
  const program = path.slice(path.lastIndexOf('/') + 1);
  const config = mailbox.config === undefined ? '' : ` -c ${checkedPath('mailbox.config', mailbox.config)}`;
  return `Mmailpanel,	P=${path}, F=lsDFMPnqS, S=EnvFromL/HdrFromL, R=EnvToL/HdrToL, T=DNS/RFC822/X-Unix,
		U=${mailbox.user}:${mailbox.group}, A=${program}${config} -d $u`;
}

function checkedPath(what: string, path: string): string {
  if (!PATH.test(path) || path.split('/').some((part) => part === '.' || part === '..')) {
    fail(`${what} ${JSON.stringify(path)} must be an absolute path of A-Z a-z 0-9 . _ + - without "." or ".." parts or a trailing "/"`);
  }
  return path;
}

function fail(message: string): never {
  throw new SendmailConfigError(`sendmail.mc: ${message}`);
}
