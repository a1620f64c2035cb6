// A private Postfix 3.7 for the tests, run from the package unpacked by tests/mta/install-postfix.sh:
// its own config, queue and map directories under .data/mta/postfix-run/, smtpd on a loopback port, no
// chroot, nothing shared with a system Postfix. Each test file starts one and stops it in afterAll.
//
// What the tests get for a snapshot: the panel's rendered files and main.cf lines (lib/mailmaps), plus
// what only a test needs — paths, logging to a file, and delivery agents that never leave the machine:
// an account's mailbox is discard(8) ("account"), every other domain is discard(8) ("external"), so
// nothing is ever relayed; master.cf has no smtp or lmtp client at all.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdir, open, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { hostView } from '@/lib/mail/tenancy';
import { shardFiles } from '@/lib/mail/map-shards';
import {
  ACCOUNT_DOMAIN,
  POSTFIX_POSTALIAS_FILES,
  POSTFIX_POSTMAP_FILES,
  POSTFIX_SHARDED_FILES,
  renderPostfix,
  type PostfixFiles,
} from '@/lib/mailmaps/postfix';
import {
  HOST_MAILBOXES,
  HOST_REASON,
  instanceMainCf,
  instanceMasterCf,
  NO_MAILBOX,
  POSTFIX_ROOT,
  TEST_HOSTNAME,
} from './postfix-instance-cf';

const run = promisify(execFile);

export { HOST_MAILBOXES, HOST_REASON, NO_MAILBOX, POSTFIX_ROOT, TEST_HOSTNAME };
export const INSTALL_HINT = "run `bash tests/mta/install-postfix.sh` as root (unpacks Debian's postfix into .data/mta/postfix-root)";

const ENV = { ...process.env, LD_LIBRARY_PATH: path.join(POSTFIX_ROOT, 'usr/lib/postfix') };
const QUEUE_DIRS = ['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace'];

/** Throws with the install command when the unpacked Postfix or its users are missing. */
export function assertPostfixInstalled(): void {
  const missing = ['.installed', 'usr/lib/postfix/sbin/master', 'usr/sbin/postmap'].filter((f) => !existsSync(path.join(POSTFIX_ROOT, f)));
  if (missing.length > 0) throw new Error(`Postfix is not unpacked (${missing.join(', ')} missing): ${INSTALL_HINT}`);
  const passwd = readFileSync('/etc/passwd', 'utf8');
  const group = readFileSync('/etc/group', 'utf8');
  if (!/^postfix:/m.test(passwd) || !/^postdrop:/m.test(group))
    throw new Error(`the postfix user or postdrop group is missing: ${INSTALL_HINT}`);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Alive and not a zombie (killed daemons are re-parented to an init that may reap them late). */
function pidAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function waitGone(pids: number[], ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (pids.some(pidAlive)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

const RUN_DIR = '.data/mta/postfix-run';

/**
 * Instances left behind by a test run that was killed (its pid, the directory name's prefix, is gone):
 * stops their master — only a process whose command line names that directory's config — and removes
 * the directory.
 */
async function removeOrphans(): Promise<void> {
  if (!existsSync(RUN_DIR)) return;
  for (const name of readdirSync(RUN_DIR)) {
    const owner = Number(name.split('-')[0]);
    if (!Number.isInteger(owner) || owner <= 0 || pidAlive(owner)) continue;
    const dir = path.resolve(RUN_DIR, name);
    try {
      const master = Number(readFileSync(path.join(dir, 'queue/pid/master.pid'), 'utf8').trim());
      const cmdline = readFileSync(`/proc/${master}/cmdline`, 'utf8');
      if (cmdline.includes(path.join(dir, 'etc'))) {
        for (const p of [master, ...childrenOf(master)]) process.kill(p, 'SIGKILL');
      }
    } catch {
      // no master running for it
    }
    await rm(dir, { recursive: true, force: true });
  }
}

export class PostfixInstance {
  readonly mapDir: string;
  readonly logFile: string;
  private masterPid: number | undefined;
  private logOffset = 0;

  private constructor(
    readonly dir: string,
    readonly port: number,
    /** The per-domain maps in this many shards (lib/mail/map-shards.ts); 1, one file each. */
    readonly shards: number,
  ) {
    this.mapDir = path.join(dir, 'maps');
    this.logFile = path.join(dir, 'maillog');
  }

  /** Creates the instance's directories and config; `apply` then loads a snapshot and starts it. */
  static async create(options: { shards?: number } = {}): Promise<PostfixInstance> {
    assertPostfixInstalled();
    await removeOrphans();
    const dir = path.resolve(RUN_DIR, `${process.pid}-${Date.now().toString(36)}`);
    const instance = new PostfixInstance(dir, await freePort(), options.shards ?? 1);
    await mkdir(path.join(dir, 'etc'), { recursive: true });
    await mkdir(instance.mapDir, { recursive: true });
    await mkdir(path.join(dir, 'test'), { recursive: true });
    await mkdir(path.join(dir, 'tools'), { recursive: true });
    await writeFile(path.join(dir, 'etc/main.cf'), instanceMainCf(dir, instance.mapDir, instance.logFile, instance.shards));
    // postmap and postalias with the instance's main.cf would log through postlogd, and wait a second
    // for it when master is down: they get a config of their own (hash: needs no parameter of ours).
    await writeFile(path.join(dir, 'tools/main.cf'), `compatibility_level = 3.6\nshlib_directory = ${POSTFIX_ROOT}/usr/lib/postfix\n`);
    await writeFile(path.join(dir, 'etc/master.cf'), instanceMasterCf(instance.port));
    await writeFile(instance.logFile, '');
    // Postfix programs wait (300 ms at a time) while main.cf looks younger than a second or so.
    const past = new Date(Date.now() - 60_000);
    for (const cf of ['etc/main.cf', 'etc/master.cf', 'tools/main.cf']) await utimes(path.join(dir, cf), past, past);
    return instance;
  }

  private bin(name: string): string {
    return path.join(POSTFIX_ROOT, name.startsWith('master') ? 'usr/lib/postfix/sbin' : 'usr/sbin', name);
  }

  /** Renders `snapshot`, writes and builds every map, and (re)starts Postfix on them with an empty queue. */
  async apply(snapshot: MailSnapshot): Promise<PostfixFiles> {
    const files = renderPostfix(snapshot, { shards: this.shards });
    await this.stop();
    await this.resetQueue();
    for (const name of Object.keys(files)) await writeFile(path.join(this.mapDir, name), files[name] as string);
    // The test's stand-in for Dovecot's user check: accounts get a mailbox, any other name bounces. The
    // host's own postmaster and abuse (what its /etc/aliases would answer for) end in discard:host.
    const accounts = hostView(snapshot).accounts;
    const mailboxes =
      accounts.map((a) => `${a.name}\tdiscard:account\n${a.name}@${ACCOUNT_DOMAIN}\tdiscard:account\n`).join('') +
      HOST_MAILBOXES.map((name) => `${name}\tdiscard:${HOST_REASON}\n`).join('');
    await writeFile(path.join(this.dir, 'test/mailboxes'), mailboxes);
    const etc = path.join(this.dir, 'tools');
    const built = [...POSTFIX_POSTMAP_FILES, ...POSTFIX_SHARDED_FILES.flatMap((f) => shardFiles(f, this.shards))];
    const maps = [...built.map((f) => `hash:${path.join(this.mapDir, f)}`), `hash:${this.dir}/test/mailboxes`];
    await run(this.bin('postmap'), ['-c', etc, ...maps], { env: ENV });
    await run(this.bin('postalias'), ['-c', etc, ...POSTFIX_POSTALIAS_FILES.map((f) => `hash:${path.join(this.mapDir, f)}`)], { env: ENV });
    await this.start();
    return files;
  }

  /** Restarts Postfix with the built maps `names` (e.g. `virtual.01`) gone: shards the configuration names but the host lacks. */
  async withoutMaps(names: string[]): Promise<void> {
    await this.stop();
    for (const name of names) await rm(path.join(this.mapDir, `${name}.db`));
    await this.start();
  }

  private async resetQueue(): Promise<void> {
    const queue = path.join(this.dir, 'queue');
    await rm(queue, { recursive: true, force: true });
    await mkdir(path.join(queue, 'pid'), { recursive: true });
    const uid = Number((await run('id', ['-u', 'postfix'])).stdout.trim());
    const gid = Number((await run('getent', ['group', 'postdrop'])).stdout.split(':')[2]);
    for (const d of QUEUE_DIRS) {
      await mkdir(path.join(queue, d), { mode: 0o700 });
      await chown(path.join(queue, d), uid, -1);
    }
    for (const [d, mode] of [
      ['maildrop', 0o730],
      ['public', 0o710],
    ] as const) {
      await mkdir(path.join(queue, d), { mode });
      await chown(path.join(queue, d), uid, gid);
    }
    await mkdir(path.join(this.dir, 'data'), { recursive: true, mode: 0o700 });
    await chown(path.join(this.dir, 'data'), uid, -1);
  }

  private async start(): Promise<void> {
    try {
      await run(this.bin('master'), ['-c', path.join(this.dir, 'etc'), '-w'], { env: ENV });
    } catch (error) {
      throw new Error(`Postfix did not start: ${String(error)}\n${this.tail()}`);
    }
    this.masterPid = Number((await readFile(path.join(this.dir, 'queue/pid/master.pid'), 'utf8')).trim());
  }

  /**
   * Stops master and every one of its processes (they hold the old maps open) and waits until they are
   * gone. SIGKILL: the queue is thrown away anyway, and SIGTERM makes master wait for its children.
   */
  async stop(): Promise<void> {
    const pid = this.masterPid;
    if (pid === undefined) return;
    this.masterPid = undefined;
    const all = [pid, ...childrenOf(pid)];
    for (const p of all) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (!(await waitGone(all, 5000))) throw new Error(`Postfix processes ${all.filter(pidAlive).join(' ')} did not stop`);
  }

  /** The log written since the last call (and advances the mark). */
  async logSince(): Promise<string> {
    const handle = await open(this.logFile, 'r');
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(size - this.logOffset);
      await handle.read(buffer, 0, buffer.length, this.logOffset);
      this.logOffset = size;
      return buffer.toString('latin1');
    } finally {
      await handle.close();
    }
  }

  /** True when the queue file `qid` waits in the deferred queue (delivery tried, some recipient deferred). */
  isDeferred(qid: string): boolean {
    return existsSync(path.join(this.dir, 'queue/deferred', qid.slice(0, 1), qid));
  }

  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
