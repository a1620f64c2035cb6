// Shared by the publish tests: two snapshots to publish one after the other, a sendmail lab whose .cf
// reads the maps through `<mapDir>/current/…` exactly as a mail host's would, the host settings that
// run the lab's tools, and the invariant every fault test checks: the host answers from ONE complete
// revision (the `current` link, its manifest, its files' hashes and built maps, and sendmail's answers).
import { execFile } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { probeAddresses } from '../support/probe-addresses';
import { traceAddress } from '@/lib/mail/resolve';
import { buildSnapshot } from '@/lib/mail/snapshot-builder';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { DEFAULT_MAILBOX, renderSendmailMc } from '@/lib/mailmaps/sendmail-mc';
import { defaultHostSettings, POSTFIX_MAP_PARAMETERS, type HostSettings } from '@/lib/validation/host-settings';
import { publish, type PublishResult } from '@/lib/sync/publish';
import { localTransport } from '@/lib/transport/local';
import type { RunOptions, RunResult, Transport } from '@/lib/transport/transport';
import { parseEntries, parseManifest, sha256 } from '@/lib/sync/publish-layout';
import { renderFiles } from '@/lib/sync/render-host';
import { askSendmail, comparable, type Comparable } from '../mta/sendmail-answer';
import { SendmailLab } from '../mta/sendmail-lab';
import { POSTFIX_ROOT, type PostfixInstance } from '../mta/postfix-instance';

const run = promisify(execFile);

export const DOVECOT = { uid: 5000, gid: 5000, homeBase: '/var/vmail' };

export const BEFORE: MailSnapshot = buildSnapshot({
  domains: ['example.com', 'subhost.example'],
  accounts: ['joe', 'mary', 'sales'],
  aliases: { sales: ['joe', '\\sales'], team: ['joe', 'mary'] },
  virtmaps: {
    'info@example.com': 'sales',
    'gone@example.com': 'error:nouser Gone away',
    '@subhost.example': 'joe',
    'mary@subhost.example': 'mary',
  },
});

/** BEFORE with every kind of file changed: a virtmap retargeted, an alias and an account added, a domain added. */
export const AFTER: MailSnapshot = buildSnapshot({
  domains: ['example.com', 'subhost.example', 'third.example'],
  accounts: ['joe', 'mary', 'sales', 'zoe'],
  aliases: { sales: ['joe', '\\sales'], team: ['joe', 'mary', 'zoe'], office: ['zoe'] },
  virtmaps: {
    'info@example.com': 'mary',
    'gone@example.com': 'error:nouser Gone away',
    '@subhost.example': 'zoe',
    'mary@subhost.example': 'mary',
    'hello@third.example': 'office',
  },
});

export function sendmailFiles(snapshot: MailSnapshot, shards = 1): Record<string, string> {
  return { ...renderFiles('sendmail', snapshot, DOVECOT, shards), ...renderFiles('dovecot', snapshot, DOVECOT) };
}

export function postfixFiles(snapshot: MailSnapshot, shards = 1): Record<string, string> {
  const s = { ...snapshot, host: { ...snapshot.host, flavor: 'postfix' as const } };
  return { ...renderFiles('postfix', s, DOVECOT, shards), ...renderFiles('dovecot', s, DOVECOT) };
}

/** A fresh map directory under .data/ (not /tmp: sendmail ignores maps under a world-writable directory). */
export async function freshMapDir(label: string): Promise<string> {
  await mkdir(path.resolve('.data/sync-test'), { recursive: true });
  const dir = await mkdtemp(path.resolve('.data/sync-test', `${label}-`));
  await chmod(dir, 0o755); // as a mail host's map directory: Dovecot's auth process (user dovecot) passes through
  return dir;
}

export interface SendmailHost {
  lab: SendmailLab;
  mapDir: string;
  /** The lab's tools as a host's settings: sendmail -bi runs inside the lab's namespace (qualified name). */
  settings: HostSettings;
  /** The namespace holder's pid (for commands over SSH). */
  nsPid: number;
  /** The first publish (revision 1), made while the lab still ran its own configuration. */
  first: PublishResult;
}

/**
 * A sendmail lab whose configuration reads `<mapDir>/current/…` (the panel's layout), and settings for it.
 * As on a real host (docs/publishing.md), the first revision is published while sendmail still runs its
 * previous configuration (the panel's .cf needs `current/local-host-names`),
 * then the configuration is switched to the panel's layout.
 */
export async function sendmailHost(mapDir: string, initial: MailSnapshot, shards = 1): Promise<SendmailHost> {
  const lab = await SendmailLab.start();
  const nsPid = await namespacePid(lab);
  // The default commands, aliases included (makemap from the panel's pairs, no `sendmail -bi`): the lab's
  // sendmail then delivers through the aliases they build.
  const settings = { ...defaultHostSettings('SENDMAIL', mapDir), mapShards: shards };
  const first = await publish(localTransport(), settings, 'sendmail', sendmailFiles(initial, shards), 1);
  const mc = renderSendmailMc({
    mapDir: `${mapDir}/current`,
    mailbox: DEFAULT_MAILBOX,
    shards,
    isolated: {
      hostName: 'mail.mailpanel.test',
      serviceSwitchFile: `${lab.dir}/service.switch`,
      hostsFile: `${lab.dir}/etc/hosts`,
      stateDir: `${lab.dir}/state`,
    },
  });
  await writeFile(path.join(lab.dir, 'sendmail.mc'), mc);
  await writeFile(lab.cf, (await run('m4', [path.join(lab.dir, 'sendmail.mc')], { maxBuffer: 16 * 1024 * 1024 })).stdout);
  return { lab, mapDir, settings, nsPid, first };
}

/** The process holding the lab's mount namespace (every sendmail call must run inside it: qualified host name). */
async function namespacePid(lab: SendmailLab): Promise<number> {
  const ns = (await lab.inside(['readlink', '/proc/self/ns/mnt'])).stdout.trim();
  const mine = readlinkSync('/proc/self/ns/mnt');
  const pids = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readlinkSync(`/proc/${p}/ns/mnt`) === ns && ns !== mine;
      } catch {
        return false;
      }
    });
  const pid = Number(pids.sort((a, b) => Number(a) - Number(b))[0]);
  if (!pid) throw new Error('cannot find the sendmail lab namespace');
  return pid;
}

/** What sendmail answers for each probe address, in the resolver's comparable form. */
export async function sendmailAnswers(lab: SendmailLab, addresses: readonly string[]): Promise<Comparable[]> {
  return (await askSendmail(lab, addresses)).map(comparable);
}

export function resolverAnswers(snapshot: MailSnapshot, addresses: readonly string[]): Comparable[] {
  return addresses.map((address) => comparable(traceAddress(snapshot, address, 'sendmail')));
}

/** Probe addresses for both snapshots: where BEFORE and AFTER differ, and where they agree. */
export function probes(...snapshots: MailSnapshot[]): string[] {
  return [...new Set(snapshots.flatMap((s) => probeAddresses(s, { upperCase: false })))].sort();
}

/**
 * The host answers from one complete revision: `current` names a revision directory whose manifest lists
 * exactly its text files with matching hashes, every indexed map has its .db, and no staging directory is
 * named by `current`. Returns the live revision's files.
 */
export async function expectOneCompleteRevision(
  mapDir: string,
  builtMaps: readonly string[],
): Promise<{ revision: number; files: Record<string, string> }> {
  const live = await readlink(path.join(mapDir, 'current'));
  expect(live).toMatch(/^rev-\d+(\.\d+)?$/);
  const dir = path.join(mapDir, live);
  const manifest = parseManifest(await readFile(path.join(dir, '.mailpanel.json'), 'utf8'));
  expect(manifest, `${dir} has a manifest`).not.toBeNull();
  const files: Record<string, string> = {};
  for (const [name, entry] of Object.entries(manifest?.files ?? {})) {
    const text = await readFile(path.join(dir, name), 'utf8');
    expect(sha256(text), `${live}/${name} matches the manifest`).toBe(entry.sha256);
    files[name] = text;
    if (builtMaps.includes(name)) expect((await stat(path.join(dir, `${name}.db`))).size, `${live}/${name}.db`).toBeGreaterThan(0);
  }
  return { revision: manifest?.revision ?? -1, files };
}

/**
 * `makemap -u` of each live sendmail map equals its text (the .db belongs to the same revision as the
 * text). makemap refuses a map with several hard links ("Hard links not allowed"), which an unchanged map
 * carried over from the previous revision has: it dumps a copy.
 */
export async function expectSendmailMapsMatchText(mapDir: string): Promise<void> {
  const scratch = await mkdtemp(path.join(path.dirname(mapDir), 'dump-'));
  try {
    for (const name of ['virtusertable', 'accounts']) {
      const file = path.join(mapDir, 'current', name);
      await copyFile(`${file}.db`, path.join(scratch, `${name}.db`));
      const { stdout } = await run('/usr/sbin/makemap', ['-u', 'hash', path.join(scratch, name)], { maxBuffer: 256 * 1024 * 1024 });
      const dumped = stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace('\t', ' '))
        .sort();
      const expected = parseEntries(await readFile(file, 'utf8'), 'map')
        .map((e) => `${e.key} ${e.value}`)
        .sort();
      expect(dumped, `${name}.db holds what ${name} says`).toEqual(expected);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export async function removeTree(dir: string): Promise<void> {
  await run('chattr', ['-R', '-i', dir]).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}

/** The unpacked Postfix's tools, as a host's configured commands. */
export function unpackedPostfixSettings(dir: string, instance: PostfixInstance): HostSettings {
  const s = defaultHostSettings('POSTFIX', dir);
  const tool = (name: string, config = 'tools') => [
    '/usr/bin/env',
    `LD_LIBRARY_PATH=${POSTFIX_ROOT}/usr/lib/postfix`,
    `${POSTFIX_ROOT}/usr/sbin/${name}`,
    '-c',
    `${instance.dir}/${config}`,
  ];
  s.commands = {
    buildMap: { argv: [...tool('postmap'), 'hash:{file}'] },
    buildAliases: { argv: [...tool('postalias'), 'hash:{file}'] },
    checkMap: { argv: [...tool('postmap'), '-q', '-', 'hash:{file}'], stdin: '{keys}' },
    checkAliases: { argv: [...tool('postalias'), '-q', '-', 'hash:{file}'], stdin: '{keys}' },
    checkRegexp: { argv: [...tool('postmap'), '-q', '-', 'regexp:{file}'], stdin: '{keys}' },
    patchMap: {
      put: { argv: [...tool('postmap'), '-i', '-r', 'hash:{file}'], stdin: '{lines}' },
      remove: { argv: [...tool('postmap'), '-d', '-', 'hash:{file}'], stdin: '{keys}' },
    },
    patchAliases: {
      put: { argv: [...tool('postalias'), '-i', '-r', 'hash:{file}'], stdin: '{lines}' },
      remove: { argv: [...tool('postalias'), '-d', '-', 'hash:{file}'], stdin: '{keys}' },
    },
    // The instance's own main.cf: every publish checks that it names the shards as the host writes them.
    readConfig: { argv: [...tool('postconf', 'etc'), '-x', '-h', ...POSTFIX_MAP_PARAMETERS] },
    reload: [{ argv: [...tool('postfix', 'etc'), 'reload'], when: s.commands.reload[0]?.when }],
    quotaGet: s.commands.quotaGet,
  };
  return s;
}

/**
 * The transport with its file reads listed, and `run` of the programs named in `failing` answering as a
 * host without them does (exit 127): a fault injected on top of the real transport, which still does the
 * rest. What the drift check reads (liveHashes) is what moves over the wire.
 */
export function watchedTransport(transport: Transport, failing: string[] = []): { transport: Transport; reads: string[] } {
  const reads: string[] = [];
  const watched = new Proxy(transport, {
    get(target, prop) {
      if (prop === 'readFile')
        return (p: string) => {
          reads.push(p);
          return target.readFile(p);
        };
      if (prop === 'run')
        return (argv: string[], opts?: RunOptions): Promise<RunResult> =>
          failing.includes(argv[0] ?? '')
            ? Promise.resolve({ code: 127, stdout: '', stderr: `${argv[0]}: command not found` })
            : target.run(argv, opts);
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { transport: watched, reads };
}
