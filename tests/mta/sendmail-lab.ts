// A private sendmail 8.17 for tests: the panel's .mc (lib/mailmaps/sendmail-mc.ts) built with m4 and
// sendmail-cf, the rendered maps in a directory under .data/mta/, and two ways to ask it about an address
// without sending mail: `sendmail -C CF -bv -- ADDR` (where it goes; one address per call, because one
// call de-duplicates its addresses against each other) and an SMTP dialogue on `sendmail -C CF -bs`
// (the RCPT reply; each command waits for its reply).
//
// sendmail runs inside a private mount + UTS namespace (one long-lived holder process, entered with
// nsenter per call) where the machine's own files are left alone but
//   - the host name is fully qualified (an unqualified one makes every sendmail start sleep 60 s),
//   - /etc/hosts, nsswitch.conf and resolv.conf resolve from files only (no DNS stall),
//   - /etc/passwd holds only the users a mail host reserves (lib/mail/names.ts: root, mail, vmail…,
//     and the role names postmaster, abuse… standing in for the host's own aliases), so the host's
//     unrelated users (postgres, redis…) are not local recipients the resolver cannot know about.
// The holder reads its stdin until this process goes away, so a crashed test leaves no namespace behind.
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isReservedName, RESERVED_NAMES } from '@/lib/mail/names';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import type { SmtpReply } from '@/lib/mail/trace-types';
import { shardFiles } from '@/lib/mail/map-shards';
import { renderSendmail, type SendmailFiles } from '@/lib/mailmaps/sendmail';
import { DEFAULT_MAILBOX, type MailboxDelivery, renderSendmailMc } from '@/lib/mailmaps/sendmail-mc';
import { SmtpSession } from './sendmail-smtp';

export const SENDMAIL_INSTALL_COMMAND = 'bash tests/mta/install-sendmail.sh';
const TOOLS = [
  '/usr/sbin/sendmail',
  '/usr/sbin/makemap',
  '/usr/bin/m4',
  '/usr/share/sendmail/cf/m4/cf.m4',
  '/usr/bin/unshare',
  '/usr/bin/nsenter',
];

/** Throws with the install command when a tool the lab needs is missing (the tests never skip). */
export function requireSendmail(): void {
  const missing = TOOLS.filter((tool) => !existsSync(tool));
  if (missing.length > 0) {
    throw new Error(`sendmail is not installed (missing ${missing.join(', ')}): run \`${SENDMAIL_INSTALL_COMMAND}\` as root first`);
  }
}

export interface SendmailLabOptions {
  /** The instance's fully qualified name. */
  hostName?: string;
  mailbox?: MailboxDelivery;
  /**
   * Parallel -bv batches. Default 4: a -bv call waits on the system more than it computes; measured on
   * this 2-core machine, 10 ms per address in one batch, 8.8 ms with 2, 6.3 ms with 4, 5.8 ms with 8.
   */
  parallel?: number;
  /** uid and gid of the `vmail` user inside the namespace (the LDA runs as vmail); default 65534. */
  vmail?: { uid: number; gid: number };
  /** The virtusertable in this many shards (lib/mail/map-shards.ts); default 1, one file. */
  shards?: number;
}

/** What one `sendmail -bv -- ADDR` printed (stdout and stderr) and its exit status. */
export interface VerifyOutput {
  address: string;
  exitCode: number;
  lines: string[];
}

export class SendmailLab {
  private constructor(
    readonly dir: string,
    readonly cf: string,
    private readonly holder: ChildProcessWithoutNullStreams,
    private readonly parallel: number,
    readonly shards: number,
  ) {}

  get mapDir(): string {
    return path.join(this.dir, 'maps');
  }

  static async start(options: SendmailLabOptions = {}): Promise<SendmailLab> {
    requireSendmail();
    const hostName = options.hostName ?? 'mail.mailpanel.test';
    const root = path.resolve('.data/mta');
    await mkdir(root, { recursive: true });
    const dir = await mkdtemp(path.join(root, 'sendmail-'));
    await writeFileTree(dir, hostName, options.vmail ?? { uid: 65534, gid: 65534 });
    const mc = renderSendmailMc({
      mapDir: path.join(dir, 'maps'),
      mailbox: options.mailbox ?? DEFAULT_MAILBOX,
      shards: options.shards ?? 1,
      isolated: { hostName, serviceSwitchFile: `${dir}/service.switch`, hostsFile: `${dir}/etc/hosts`, stateDir: `${dir}/state` },
    });
    await writeFile(path.join(dir, 'sendmail.mc'), mc);
    const cf = path.join(dir, 'sendmail.cf');
    await writeFile(cf, (await run('m4', [path.join(dir, 'sendmail.mc')])).stdout);
    const holder = await startNamespace(dir, hostName);
    const lab = new SendmailLab(dir, cf, holder, options.parallel ?? 4, options.shards ?? 1);
    await lab.publish(emptyFiles(options.shards ?? 1));
    return lab;
  }

  /** Writes a snapshot's files (or given files) and rebuilds the maps: makemap, makemap, sendmail -bi. */
  async publish(source: MailSnapshot | SendmailFiles): Promise<void> {
    const files =
      typeof source.version === 'number' ? renderSendmail(source as MailSnapshot, { shards: this.shards }) : (source as SendmailFiles);
    await Promise.all(Object.keys(files).map((name) => writeFile(path.join(this.mapDir, name), files[name] as string)));
    const shards = shardFiles('virtusertable', this.shards).map((name) => ` && makemap hash ${name} < ${name}`);
    await this.inside([
      '/bin/sh',
      '-c',
      `cd "$1" && makemap hash virtusertable < virtusertable${shards.join('')} && makemap hash accounts < accounts && sendmail -C "$2" -bi >/dev/null`,
      'sh',
      this.mapDir,
      this.cf,
    ]);
  }

  /** `sendmail -bv -- ADDR` for each address (one process each), in parallel batches. */
  async verify(addresses: readonly string[]): Promise<VerifyOutput[]> {
    const size = Math.ceil(addresses.length / this.parallel);
    const batches: string[][] = [];
    for (let i = 0; i < addresses.length; i += size) batches.push(addresses.slice(i, i + size));
    const results = await Promise.all(batches.map((batch) => this.verifyBatch(batch)));
    return results.flat();
  }

  /**
   * RCPT replies in one SMTP dialogue (`sendmail -bs`: EHLO, MAIL FROM:<>, one RCPT per address).
   * `client` is the connecting address: none (local submission: may relay) or e.g. "192.0.2.10"
   * (a stranger on the internet: may not relay).
   */
  async rcpt(addresses: readonly string[], client?: string): Promise<SmtpReply[]> {
    // Through `cat |`: node gives a child a socket as stdin, and sendmail -bs takes a socket's peer for
    // the SMTP client (so even a local session could not relay); a pipe is a local submission.
    const clientMacro = client ? [`-M{client_addr}${client}`] : [];
    const script = 'cf=$1; shift; cat | /usr/sbin/sendmail -C "$cf" -bs "$@"';
    const session = new SmtpSession(
      spawn('nsenter', ['-t', String(this.holder.pid), '-m', '-u', '--', '/bin/sh', '-c', script, 'sh', this.cf, ...clientMacro]),
    );
    try {
      await session.expect(220);
      await session.command('EHLO client.mailpanel.test', 250);
      // One transaction for all addresses: RSET would also clear the {client_addr} given with -M, and
      // sendmail answers each RCPT on its own (no recipient limit or bad-recipient throttle is set).
      await session.command('MAIL FROM:<>', 250);
      const replies: SmtpReply[] = [];
      for (const address of addresses) replies.push(await session.command(`RCPT TO:<${address}>`));
      await session.command('QUIT', 221);
      return replies;
    } finally {
      session.close();
    }
  }

  /**
   * Submits one message by SMTP (`sendmail -bs -odi`: delivered before DATA is answered) and returns
   * the replies to each RCPT and to the end of DATA. For tests that deliver into a real mailbox.
   */
  async send(from: string, recipients: readonly string[], message: string): Promise<{ rcpt: SmtpReply[]; data: SmtpReply }> {
    const script = 'cf=$1; shift; cat | /usr/sbin/sendmail -C "$cf" -bs -odi';
    const session = new SmtpSession(
      spawn('nsenter', ['-t', String(this.holder.pid), '-m', '-u', '--', '/bin/sh', '-c', script, 'sh', this.cf]),
    );
    try {
      await session.expect(220);
      await session.command('EHLO client.mailpanel.test', 250);
      await session.command(`MAIL FROM:<${from}>`, 250);
      const rcpt: SmtpReply[] = [];
      for (const address of recipients) rcpt.push(await session.command(`RCPT TO:<${address}>`));
      await session.command('DATA', 354);
      const body = message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
      const data = await session.command(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.`, undefined, true);
      await session.command('QUIT', 221);
      return { rcpt, data };
    } finally {
      session.close();
    }
  }

  /** Runs a command inside the lab's namespace; throws with its output when it fails. */
  async inside(argv: readonly string[], timeoutMs = 30_000): Promise<{ stdout: string; stderr: string }> {
    return run('nsenter', ['-t', String(this.holder.pid), '-m', '-u', '--', ...argv], timeoutMs);
  }

  async close(): Promise<void> {
    this.holder.stdin.end();
    if (this.holder.exitCode === null) this.holder.kill();
    if (!process.env.KEEP_SENDMAIL_LAB) await rm(this.dir, { recursive: true, force: true });
  }

  private async verifyBatch(addresses: readonly string[]): Promise<VerifyOutput[]> {
    if (addresses.length === 0) return [];
    // \x1e ADDRESS before and \x1f STATUS after each call: bytes that never occur in an address or output.
    const script =
      'cf=$1; shift; for a in "$@"; do printf "\\036%s\\n" "$a"; /usr/sbin/sendmail -C "$cf" -bv -- "$a" 2>&1; printf "\\037%s\\n" "$?"; done';
    const { stdout } = await this.inside(['/bin/sh', '-c', script, 'sh', this.cf, ...addresses], 120_000);
    const outputs: VerifyOutput[] = [];
    for (const chunk of stdout.split('\x1e').slice(1)) {
      const [head = '', tail = ''] = chunk.split('\x1f');
      const [address = '', ...lines] = head.split('\n').filter((line) => line !== '');
      outputs.push({ address, exitCode: Number(tail.trim()), lines });
    }
    if (outputs.length !== addresses.length)
      throw new Error(`sendmail -bv: expected ${addresses.length} answers, got ${outputs.length}:\n${stdout}`);
    return outputs;
  }
}

/** Empty maps: what the lab starts with. */
function emptyFiles(shards: number): SendmailFiles {
  return renderSendmail(
    {
      version: 1,
      host: { name: 'empty.mailpanel.test', flavor: 'sendmail' },
      domains: [],
      accounts: [],
      aliases: [],
      virtmaps: [],
    },
    { shards },
  );
}

async function writeFileTree(dir: string, hostName: string, vmail: { uid: number; gid: number }): Promise<void> {
  for (const sub of ['maps', 'etc', 'state/mqueue']) await mkdir(path.join(dir, sub), { recursive: true, mode: 0o755 });
  const short = hostName.split('.')[0] ?? hostName;
  const hosts = `127.0.0.1\tlocalhost\n127.0.1.1\t${hostName} ${short}\n::1\tlocalhost ip6-localhost\n`;
  await writeFile(path.join(dir, 'etc/hosts'), hosts);
  await writeFile(
    path.join(dir, 'etc/nsswitch.conf'),
    'passwd: files\ngroup: files\nshadow: files\nhosts: files\nnetworks: files\nservices: files\nprotocols: files\n',
  );
  await writeFile(path.join(dir, 'etc/resolv.conf'), '# no DNS inside the sendmail test namespace\n');
  await writeFile(path.join(dir, 'service.switch'), 'passwd files\nhosts files\naliases files\n');
  const { passwd, group } = reservedUsers(vmail);
  await writeFile(path.join(dir, 'etc/passwd'), passwd);
  await writeFile(path.join(dir, 'etc/group'), group);
}

/**
 * passwd and group for the namespace: the machine's users whose names lib/mail reserves, plus one entry
 * for each reserved name the machine lacks (postmaster, abuse, vmail…): the names the host's own
 * configuration answers for ("host" deliveries in a trace), and nothing else.
 */
function reservedUsers(vmail: { uid: number; gid: number }): { passwd: string; group: string } {
  const users = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .filter((line) => isReservedName(line.split(':')[0] ?? '') && !line.startsWith('vmail:'));
  users.push(`vmail:x:${vmail.uid}:${vmail.gid}:mailboxes:/nonexistent:/usr/sbin/nologin`);
  const have = new Set(users.map((line) => line.split(':')[0]));
  for (const name of RESERVED_NAMES)
    if (!have.has(name)) users.push(`${name}:x:65534:65534:reserved by mailpanel:/nonexistent:/usr/sbin/nologin`);
  const groups = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('vmail:'));
  groups.push(`vmail:x:${vmail.gid}:`);
  return { passwd: `${users.join('\n')}\n`, group: `${groups.join('\n')}\n` };
}

const NAMESPACE_SCRIPT = `set -e
d=$1
hostname "$2"
for f in hosts nsswitch.conf resolv.conf passwd group; do mount --bind "$d/etc/$f" "/etc/$f"; done
echo ready
exec cat >/dev/null`;

async function startNamespace(dir: string, hostName: string): Promise<ChildProcessWithoutNullStreams> {
  const holder = spawn('unshare', ['--mount', '--uts', '--propagation', 'private', '/bin/sh', '-c', NAMESPACE_SCRIPT, 'sh', dir, hostName]);
  let stderr = '';
  holder.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    holder.on('error', reject);
    holder.on('exit', (code) =>
      reject(new Error(`could not create the sendmail test namespace (unshare exit ${code}; needs root): ${stderr}`)),
    );
  });
  return holder;
}

function run(file: string, args: readonly string[], timeoutMs = 30_000): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}
