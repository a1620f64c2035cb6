// Issue 15: 1,000 random changes (adds, edits, deletes, renames, catch-alls, domain disable and enable),
// each published at once to a sendmail host and a Postfix host through the incremental path (a change of
// a few entries patches a copy of each live map: lib/sync/publish-patch.ts). After every 100 changes
// every live map dumps exactly as a full build of its text does, and real sendmail and Postfix answer
// every address those 100 changes touched as the tracer says. Both MTAs are real (tests/mta/); nothing
// is mocked.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readlink, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAddress } from '@/lib/mail/resolve';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { buildSnapshot } from '@/lib/mail/snapshot-builder';
import { buildFile } from '@/lib/sync/publish-build';
import { publish, type PublishResult } from '@/lib/sync/publish';
import { fileRole, isBuilt, type PublishFlavor } from '@/lib/sync/publish-layout';
import { localTransport } from '@/lib/transport/local';
import type { HostSettings } from '@/lib/validation/host-settings';
import { PostfixInstance, POSTFIX_ROOT } from '../mta/postfix-instance';
import { probePostfix } from '../mta/postfix-probe';
import { comparable } from '../mta/sendmail-answer';
import { requireSendmail } from '../mta/sendmail-lab';
import {
  freshMapDir,
  postfixFiles,
  removeTree,
  resolverAnswers,
  sendmailAnswers,
  sendmailFiles,
  sendmailHost,
  type SendmailHost,
  unpackedPostfixSettings,
} from './publish-fixtures';

const run = promisify(execFile);
const transport = localTransport();

const DOMAINS = ['one.example', 'two.example', 'three.example', 'four.example'];
const ACCOUNTS = ['joe', 'mary', 'zoe', 'sam', 'kim', 'lee', 'ann', 'bob'];
const ALIASES = ['sales', 'team', 'office', 'help', 'staff', 'crew'];
const LOCALS = ['info', 'contact', 'webmaster', 'billing', 'jobs', 'hello'];
const CHANGES = Number(process.env.PATCH_RANDOM_CHANGES ?? 1000);
const CHECK_EVERY = 100;

/** What the panel holds: every domain with its state, and the virtmaps of disabled domains kept for their return. */
interface Model {
  enabled: Map<string, boolean>;
  accounts: Set<string>;
  aliases: Map<string, string[]>;
  virtmaps: Map<string, string>;
}

/** The high bits of an LCG (its low bits barely vary). */
function randomness(seed: number) {
  let state = seed >>> 0;
  const next = (n: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return Math.floor(((state >>> 8) / 0x100_0000) * n);
  };
  const pick = <T>(items: readonly T[]): T => items[next(items.length)] as T;
  return { next, pick };
}

function snapshotOf(m: Model): MailSnapshot {
  const enabled = DOMAINS.filter((d) => m.enabled.get(d));
  const virtmaps = Object.fromEntries([...m.virtmaps].filter(([key]) => enabled.includes(key.slice(key.lastIndexOf('@') + 1))));
  return buildSnapshot({ domains: enabled, accounts: [...m.accounts], aliases: Object.fromEntries(m.aliases), virtmaps });
}

/**
 * One random change to the model; the addresses whose routing it may have changed. Names referred to by
 * aliases or virtmaps are kept consistent, as the panel's own edits keep them (a deleted account leaves
 * no alias target behind; a renamed one is renamed where it is named).
 */
function change(m: Model, { next, pick }: ReturnType<typeof randomness>): string[] {
  const enabled = DOMAINS.filter((d) => m.enabled.get(d));
  const names = () => [...m.accounts, ...m.aliases.keys()];
  const everywhere = (name: string) => [
    ...DOMAINS.map((d) => `${name}@${d}`),
    ...[...m.virtmaps].filter(([, t]) => t === name).map(([key]) => addressOf(key)),
  ];
  const target = () => (next(6) === 0 || names().length === 0 ? 'error:nouser No such user here' : pick(names()));
  const freeAccount = ACCOUNTS.filter((a) => !m.accounts.has(a));
  const freeAlias = ALIASES.filter((a) => !m.aliases.has(a));
  switch (next(12)) {
    case 0:
    case 1:
    case 2: {
      const key = `${pick(LOCALS)}@${pick(DOMAINS)}`;
      m.virtmaps.set(key, target());
      return [key];
    }
    case 3: {
      const keys = [...m.virtmaps.keys()];
      if (keys.length === 0) return [];
      const key = pick(keys);
      m.virtmaps.delete(key);
      return [addressOf(key)];
    }
    case 4: {
      const domain = pick(DOMAINS);
      const key = `@${domain}`;
      if (m.virtmaps.has(key) && next(2) === 0) m.virtmaps.delete(key);
      else m.virtmaps.set(key, target());
      return [`nosuchuser@${domain}`, ...LOCALS.map((l) => `${l}@${domain}`)];
    }
    case 5: {
      if (freeAccount.length === 0) return [];
      const name = pick(freeAccount);
      m.accounts.add(name);
      return everywhere(name);
    }
    case 6: {
      if (m.accounts.size <= 1) return [];
      const name = pick([...m.accounts]);
      const touched = everywhere(name);
      m.accounts.delete(name);
      forget(m, name);
      return touched;
    }
    case 7: {
      if (freeAccount.length === 0 || m.accounts.size === 0) return [];
      const from = pick([...m.accounts]);
      const to = pick(freeAccount);
      const touched = [...everywhere(from), ...everywhere(to)];
      m.accounts.delete(from);
      m.accounts.add(to);
      rename(m, from, to);
      return touched;
    }
    case 8: {
      const name = m.aliases.size > 0 && next(2) === 0 ? pick([...m.aliases.keys()]) : pick(freeAlias.length ? freeAlias : ALIASES);
      const accounts = [...m.accounts];
      const targets = [...new Set(Array.from({ length: 1 + next(3) }, () => pick(accounts)))];
      if (targets.length === 0) return [];
      m.aliases.set(name, targets);
      return everywhere(name);
    }
    case 9: {
      if (m.aliases.size === 0) return [];
      const name = pick([...m.aliases.keys()]);
      const touched = everywhere(name);
      if (next(2) === 0 && freeAlias.length > 0) {
        const to = pick(freeAlias);
        m.aliases.set(to, m.aliases.get(name) ?? []);
        m.aliases.delete(name);
        for (const [key, t] of m.virtmaps) if (t === name) m.virtmaps.set(key, to);
        return [...touched, ...everywhere(to)];
      }
      m.aliases.delete(name);
      forget(m, name);
      return touched;
    }
    default: {
      const domain = pick(DOMAINS);
      if (m.enabled.get(domain) && enabled.length <= 1) return [];
      m.enabled.set(domain, !m.enabled.get(domain));
      return [
        `nosuchuser@${domain}`,
        ...LOCALS.map((l) => `${l}@${domain}`),
        ...names()
          .slice(0, 4)
          .map((n) => `${n}@${domain}`),
      ];
    }
  }
}

const addressOf = (key: string) => (key.startsWith('@') ? `nosuchuser${key}` : key);

/** A name gone: out of every alias (an alias left empty goes too), and every virtmap to it removed. */
function forget(m: Model, name: string): void {
  for (const [alias, targets] of m.aliases) {
    const left = targets.filter((t) => t !== name);
    if (left.length === 0) {
      m.aliases.delete(alias);
      forget(m, alias);
    } else m.aliases.set(alias, left);
  }
  for (const [key, t] of m.virtmaps) if (t === name) m.virtmaps.delete(key);
}

function rename(m: Model, from: string, to: string): void {
  for (const [alias, targets] of m.aliases) m.aliases.set(alias, [...new Set(targets.map((t) => (t === from ? to : t)))]);
  for (const [key, t] of m.virtmaps) if (t === from) m.virtmaps.set(key, to);
}

const asPostfix = (s: MailSnapshot): MailSnapshot => ({ ...s, host: { ...s.host, flavor: 'postfix' } });

function startModel(): Model {
  return {
    enabled: new Map(DOMAINS.map((d, i) => [d, i < 3])),
    accounts: new Set(ACCOUNTS.slice(0, 4)),
    aliases: new Map([['sales', ['joe', 'mary']]]),
    virtmaps: new Map([
      ['info@one.example', 'sales'],
      ['@two.example', 'joe'],
    ]),
  };
}

/** A sendmail host and a Postfix host of one layout (`shards`: lib/mail/map-shards.ts), live on the first revision. */
interface Hosts {
  shards: number;
  sendmail: SendmailHost;
  pf: PostfixInstance;
  postfixDir: string;
  postfixSettings: HostSettings;
}

const started: Hosts[] = [];
let scratch = '';

async function startHosts(shards: number): Promise<Hosts> {
  requireSendmail();
  const first = snapshotOf(startModel());
  const label = `patch-random-${shards}`;
  const sendmail = await sendmailHost(await freshMapDir(`${label}-sendmail`), first, shards);
  const pf = await PostfixInstance.create({ shards });
  const postfixDir = await freshMapDir(`${label}-postfix`);
  const hosts: Hosts = { shards, sendmail, pf, postfixDir, postfixSettings: unpackedPostfixSettings(postfixDir, pf) };
  started.push(hosts);
  // Reloaded before each look at the answers (the reload is not what is under test, and takes a while).
  hosts.postfixSettings = { ...hosts.postfixSettings, mapShards: shards, commands: { ...hosts.postfixSettings.commands, reload: [] } };
  await publish(transport, hosts.postfixSettings, 'postfix', postfixFiles(first, shards), 1);
  const mainCf = path.join(pf.dir, 'etc/main.cf');
  await writeFile(mainCf, (await readFile(mainCf, 'utf8')).replaceAll(`${pf.mapDir}/`, `${postfixDir}/current/`));
  const past = new Date(Date.now() - 60_000);
  await utimes(mainCf, past, past);
  // Postfix's stand-in for Dovecot: a mailbox for every account the walk may create.
  await pf.apply(asPostfix(buildSnapshot({ domains: DOMAINS, accounts: ACCOUNTS })));
  return hosts;
}

beforeAll(async () => {
  scratch = await mkdtemp(path.resolve('.data/sync-test-dump-'));
});

afterAll(async () => {
  for (const { sendmail, pf, postfixDir } of started) {
    await sendmail.lab.close();
    await pf.destroy();
    await removeTree(sendmail.mapDir);
    await removeTree(postfixDir);
  }
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Each live map's .db dumped, and the same text built whole and dumped: the same entries. */
async function expectDumpsAsFullBuild(flavor: PublishFlavor, mapDir: string, settings: HostSettings): Promise<void> {
  const live = path.join(mapDir, await readlink(path.join(mapDir, 'current')));
  const manifest = JSON.parse(await readFile(path.join(live, '.mailpanel.json'), 'utf8')) as { files: Record<string, unknown> };
  for (const name of Object.keys(manifest.files)) {
    const role = fileRole(flavor, name);
    if (!isBuilt(role)) continue;
    const text = await readFile(path.join(live, name), 'utf8');
    // Copies: makemap refuses a map with several hard links, which a map carried over unchanged has.
    await copyFile(path.join(live, name), path.join(scratch, `live-${name}`));
    await copyFile(path.join(live, `${name}.db`), path.join(scratch, `live-${name}.db`));
    await writeFile(path.join(scratch, `full-${name}`), text);
    await buildFile(transport, settings, role as 'map' | 'aliases', path.join(scratch, `full-${name}`), text);
    const [patched, full] = await Promise.all([
      dump(flavor, role, path.join(scratch, `live-${name}`)),
      dump(flavor, role, path.join(scratch, `full-${name}`)),
    ]);
    expect(patched, `${flavor} ${name}.db dumps as a full build of its text`).toEqual(full);
  }
}

async function dump(flavor: PublishFlavor, role: string, file: string): Promise<string[]> {
  const env = { ...process.env, LD_LIBRARY_PATH: `${POSTFIX_ROOT}/usr/lib/postfix` };
  const { stdout } =
    flavor === 'sendmail'
      ? await run('/usr/sbin/makemap', ['-u', 'hash', file], { maxBuffer: 64 * 1024 * 1024 })
      : await run(
          `${POSTFIX_ROOT}/usr/sbin/${role === 'aliases' ? 'postalias' : 'postmap'}`,
          ['-c', `${started[0]?.pf.dir}/tools`, '-s', `hash:${file}`],
          { env, maxBuffer: 64 * 1024 * 1024 },
        );
  // postalias stamps each build with its time and host (YP_LAST_MODIFIED, YP_MASTER_NAME): not entries.
  return stdout
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('YP_'))
    .sort();
}

async function expectSendmailAnswers({ sendmail }: Hosts, snapshot: MailSnapshot, addresses: string[]): Promise<void> {
  expect(await sendmailAnswers(sendmail.lab, addresses)).toEqual(resolverAnswers(snapshot, addresses));
}

async function expectPostfixAnswers({ pf, postfixDir }: Hosts, snapshot: MailSnapshot, addresses: string[]): Promise<void> {
  const reload = unpackedPostfixSettings(postfixDir, pf).commands.reload[0]!.argv;
  await run(reload[0]!, reload.slice(1));
  const answers = await probePostfix(pf, addresses);
  const none = { rcpt: { accepted: false as const, reply: { code: 0, status: '', text: 'none' } }, deliveries: [] };
  const got = addresses.map((a) => ({ address: a, ...comparable(answers.get(a) ?? none) }));
  const want = addresses.map((a) => ({ address: a, ...comparable(traceAddress(asPostfix(snapshot), a, 'postfix')) }));
  expect(got).toEqual(want);
}

// The one-file layout over the 1,000 changes, and the layout in shards over 300 more (a change
// then patches the shard of its domain: docs/publishing.md, "Shards").
describe.each([
  { shards: 1, changes: CHANGES, title: '1,000 random changes through the incremental path' },
  { shards: 3, changes: Math.ceil(CHANGES * 0.3), title: '300 random changes through the incremental path, maps in 3 shards' },
])('$title', ({ shards, changes }) => {
  it('after every 100 the live maps dump as a full build, and sendmail and Postfix answer every touched address as the tracer', async () => {
    const hosts = await startHosts(shards);
    const { sendmail, postfixDir, postfixSettings } = hosts;
    const model = startModel();
    const random = randomness(0x5eed_0015 + shards);
    let revision = 1;
    let touched = new Set<string>();
    const maps = { patched: 0, built: 0 };
    const count = (result: PublishResult, flavor: PublishFlavor) => {
      for (const f of result.files) if (f.changed && isBuilt(fileRole(flavor, f.name))) maps[f.patched ? 'patched' : 'built'] += 1;
    };
    for (let i = 1; i <= changes; i++) {
      for (const address of change(model, random)) touched.add(address);
      const snapshot = snapshotOf(model);
      revision += 1;
      count(await publish(transport, sendmail.settings, 'sendmail', sendmailFiles(snapshot, shards), revision), 'sendmail');
      count(await publish(transport, postfixSettings, 'postfix', postfixFiles(snapshot, shards), revision), 'postfix');
      if (i % CHECK_EVERY !== 0 && i !== changes) continue;
      await expectDumpsAsFullBuild('sendmail', sendmail.mapDir, sendmail.settings);
      await expectDumpsAsFullBuild('postfix', postfixDir, postfixSettings);
      const addresses = [...touched].sort();
      await expectSendmailAnswers(hosts, snapshot, addresses);
      await expectPostfixAnswers(hosts, snapshot, addresses);
      touched = new Set();
    }
    // The walk went through the patch path, not around it: a changed map is built whole only where a
    // patch cannot say the same (lib/sync/map-patch.ts), which these small changes rarely hit.
    expect(maps.patched).toBeGreaterThan(maps.built * 9);
  }, 1_200_000);
});
