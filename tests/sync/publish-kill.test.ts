// The publishing process killed mid-publish (SIGKILL: no cleanup, no finally): a child process publishes
// through the local transport and is killed at every phase boundary and at random moments inside phases
// (a ~1 MB virtusertable makes upload and build take a while). After each kill the host answers from ONE
// complete revision — the one before, or the new one once the switch happened — never a mix (the current
// link, the manifest, every file's hash, the .db maps' contents, and real sendmail's answers agree), and
// the next publish of the same files succeeds and converges.
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import type { HostSettings } from '@/lib/validation/host-settings';
import { publish, type PublishPhase } from '@/lib/sync/publish';
import { localTransport } from '@/lib/transport/local';
import {
  AFTER,
  BEFORE,
  expectOneCompleteRevision,
  expectSendmailMapsMatchText,
  freshMapDir,
  probes,
  removeTree,
  resolverAnswers,
  sendmailAnswers,
  sendmailFiles,
  sendmailHost,
  type SendmailHost,
} from './publish-fixtures';

const BUILT = ['virtusertable', 'accounts', 'aliases'];
const bulk = (n: number, target: string) =>
  Array.from({ length: n }, (_, i) => ({ domain: 'example.com', localPart: `bulk${i}`, target: { kind: 'local' as const, name: target } }));
/** Big on both sides, and every bulk key's target differs between them: a mix would show at once. */
const OLD: MailSnapshot = { ...BEFORE, virtmaps: [...BEFORE.virtmaps, ...bulk(40_000, 'joe')] };
const NEW: MailSnapshot = { ...AFTER, virtmaps: [...AFTER.virtmaps, ...bulk(40_000, 'mary')] };
const PROBES = [...probes(BEFORE, AFTER), 'bulk0@example.com', 'bulk20000@example.com', 'bulk39999@example.com'];
const ROOT = path.resolve('.');

/**
 * A publisher in its own process. It reports each phase ("phase X"); it waits forever at `stopAt` (to be
 * killed there), or kills itself just before or after the nth call of a transport method (`dieOn`: e.g.
 * between the two renames of the switch), or runs to the end ("done").
 */
const CHILD = `
const { readFileSync } = require('node:fs');
const { publish } = require(${JSON.stringify(`${ROOT}/lib/sync/publish.ts`)});
const { localTransport } = require(${JSON.stringify(`${ROOT}/lib/transport/local.ts`)});
const job = JSON.parse(readFileSync(process.argv[1], 'utf8'));
const calls = {};
const die = (what) => { process.stdout.write('dying ' + what + '\\n'); process.kill(process.pid, 'SIGKILL'); };
const transport = new Proxy(localTransport(), {
  get(target, name) {
    const value = target[name];
    if (typeof value !== 'function') return value;
    return async (...args) => {
      const n = (calls[name] = (calls[name] || 0) + 1);
      const here = job.dieOn && job.dieOn.method === name && job.dieOn.nth === n;
      if (here && job.dieOn.when === 'before') die('before ' + name + ' #' + n);
      const result = await value.apply(target, args);
      if (here && job.dieOn.when === 'after') die('after ' + name + ' #' + n);
      return result;
    };
  },
});
publish(transport, job.settings, 'sendmail', job.files, job.revision, {
  onPhase: async (phase) => {
    process.stdout.write('phase ' + phase + '\\n');
    if (phase === job.stopAt) await new Promise(() => {});
  },
}).then(() => process.stdout.write('done\\n'), (e) => { process.stdout.write('failed ' + e.message + '\\n'); process.exit(1); });
`;

let host: SendmailHost | undefined;
let revision = 1;
let jobFile = '';

beforeAll(async () => {
  host = await sendmailHost(await freshMapDir('kill'), OLD);
  jobFile = path.join(path.dirname(host.mapDir), `${path.basename(host.mapDir)}.job.json`);
}, 60_000);

afterAll(async () => {
  await host?.lab.close();
  if (host) await removeTree(host.mapDir);
  if (jobFile) await rm(jobFile, { force: true });
});

function theHost(): SendmailHost {
  if (!host) throw new Error('setup failed (see the first failure)');
  return host;
}

/** Runs the child; kills it (SIGKILL) when it reports `stopAt`, or `afterMs` after it reports `inPhase`. */
interface Kill {
  stopAt?: PublishPhase;
  inPhase?: PublishPhase;
  afterMs?: number;
  dieOn?: { method: 'rename' | 'symlink' | 'copyFile'; nth: number; when: 'before' | 'after' };
}

async function killedPublish(settings: HostSettings, snapshot: MailSnapshot, rev: number, kill: Kill): Promise<string[]> {
  await writeFile(
    jobFile,
    JSON.stringify({ settings, files: sendmailFiles(snapshot), revision: rev, stopAt: kill.stopAt ?? null, dieOn: kill.dieOn ?? null }),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', CHILD, jobFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const said: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        said.push(line);
        // The kill moment inside a phase is the thing under test: a timer armed when that phase starts.
        if (line === `phase ${kill.inPhase}` && kill.afterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
        if (kill.stopAt && line === `phase ${kill.stopAt}`) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' || code === 0) resolve();
      else reject(new Error(`the publishing child exited ${code}: ${said.join(' | ')} ${stderr}`));
    });
  });
  return said;
}

/** The host answers from exactly one of the two snapshots, in every file and every answer. */
async function expectOneOf(a: MailSnapshot, b: MailSnapshot, probes = PROBES): Promise<MailSnapshot> {
  const { mapDir, lab } = theHost();
  const live = await expectOneCompleteRevision(mapDir, BUILT);
  await expectSendmailMapsMatchText(mapDir);
  const which = live.files.virtusertable === sendmailFiles(a).virtusertable ? a : b;
  expect(live.files).toEqual(sendmailFiles(which));
  expect(await sendmailAnswers(lab, probes)).toEqual(resolverAnswers(which, probes));
  return which;
}

describe('the publisher killed mid-publish', () => {
  const boundaries: PublishPhase[] = ['upload', 'build', 'check', 'swap', 'reload', 'prune'];
  it.each(boundaries)(
    'killed as phase %s starts: one complete revision, and the next publish converges',
    async (phase) => {
      const { settings } = theHost();
      const before = await expectOneOf(OLD, NEW);
      const target = before === OLD ? NEW : OLD;
      const said = await killedPublish(settings, target, revision + 1, { stopAt: phase });
      expect(said.at(-1)).toBe(`phase ${phase}`);
      // Before the switch (swap) the old revision answers; after it, the new one.
      const now = await expectOneOf(OLD, NEW);
      expect(now).toBe(['reload', 'prune'].includes(phase) ? target : before);
      await publish(localTransport(), settings, 'sendmail', sendmailFiles(target), ++revision);
      expect(await expectOneOf(OLD, NEW)).toBe(target);
    },
    60_000,
  );

  // Inside the swap, through the transport: rename #1 moves .rev-N.tmp to rev-N, symlink #1 makes the new
  // link, rename #2 puts it over `current` (the switch).
  it.each([
    ['after the manifest, before the directory is renamed', { method: 'rename', nth: 1, when: 'before' }, false],
    ['after rev-N exists, before the new link', { method: 'rename', nth: 1, when: 'after' }, false],
    ['after the new link, before it replaces current', { method: 'symlink', nth: 1, when: 'after' }, false],
    ['right after the switch', { method: 'rename', nth: 2, when: 'after' }, true],
  ] as const)(
    'killed inside the swap %s',
    async (_, dieOn, switched) => {
      const { settings } = theHost();
      const before = await expectOneOf(OLD, NEW);
      const target = before === OLD ? NEW : OLD;
      const said = await killedPublish(settings, target, revision + 1, { dieOn });
      expect(said.at(-1)).toBe(`dying ${dieOn.when} ${dieOn.method} #${dieOn.nth}`);
      expect(await expectOneOf(OLD, NEW)).toBe(switched ? target : before);
      await publish(localTransport(), settings, 'sendmail', sendmailFiles(target), ++revision);
      expect(await expectOneOf(OLD, NEW)).toBe(target);
    },
    60_000,
  );

  it('killed at random moments inside the phases: always one complete revision, then converges', async () => {
    const { settings } = theHost();
    // Each kill is timed from the start of a phase, so the kills are spread over the phases whatever this
    // machine's speed; where exactly inside (or after) that phase each one lands is left to chance.
    const kills: [PublishPhase, number][] = [
      ['prepare', 5],
      ['upload', 5],
      ['upload', 60],
      ['build', 5],
      ['build', 60],
      ['check', 2],
      ['swap', 1],
    ];
    for (const [inPhase, afterMs] of kills) {
      const before = await expectOneOf(OLD, NEW);
      const target = before === OLD ? NEW : OLD;
      const said = await killedPublish(settings, target, revision + 1, { inPhase, afterMs });
      expect(said, 'the kill came after the phase it was timed from had started').toContain(`phase ${inPhase}`);
      await expectOneOf(OLD, NEW);
      await publish(localTransport(), settings, 'sendmail', sendmailFiles(target), ++revision);
      expect(await expectOneOf(OLD, NEW)).toBe(target);
    }
  }, 120_000);
});

// The patch path (lib/sync/publish-patch.ts): the same big host, and a change of a few entries, so each
// map's live .db is copied into the new revision and patched there. Killed while copying, patching or
// checking, the live revision is untouched (the copy is its own file); the next publish converges, as a patch.
const SMALL_OLD: MailSnapshot = {
  ...NEW,
  virtmaps: [...NEW.virtmaps, ...bulk(3, 'zoe').map((v) => ({ ...v, localPart: `few${v.localPart}` }))],
};
const SMALL_NEW: MailSnapshot = {
  ...NEW,
  accounts: NEW.accounts.filter((a) => a.name !== 'zoe'),
  virtmaps: [
    ...NEW.virtmaps.filter((v) => v.localPart !== 'bulk7'),
    ...bulk(2, 'mary').map((v) => ({ ...v, localPart: `few${v.localPart}` })),
  ],
};
const PATCH_PROBES = [...PROBES, 'bulk7@example.com', 'fewbulk0@example.com', 'fewbulk2@example.com'];

describe('the publisher killed while it patches', () => {
  const patched = async (snapshot: MailSnapshot) => {
    const result = await publish(localTransport(), theHost().settings, 'sendmail', sendmailFiles(snapshot), ++revision);
    expect(result.files.filter((f) => f.patched).map((f) => f.name)).toEqual(['accounts', 'virtusertable']);
  };

  it.each([
    ['as the patch starts', { stopAt: 'build' }],
    ['as its check starts', { stopAt: 'check' }],
    ['right after the live .db was copied', { dieOn: { method: 'copyFile', nth: 1, when: 'after' } }],
    ['inside the patch', { inPhase: 'build', afterMs: 15 }],
  ] as [string, Kill][])(
    'killed %s: the live revision answers, untouched; the next publish converges as a patch',
    async (_, kill) => {
      const { settings } = theHost();
      await publish(localTransport(), settings, 'sendmail', sendmailFiles(SMALL_OLD), ++revision);
      await patched(SMALL_NEW);
      await patched(SMALL_OLD);
      const said = await killedPublish(settings, SMALL_NEW, revision + 1, kill);
      expect(said, 'killed before the end').not.toContain('done');
      if (kill.dieOn) expect(said.at(-1)).toBe('dying after copyFile #1');
      expect(await expectOneOf(SMALL_OLD, SMALL_NEW, PATCH_PROBES)).toBe(SMALL_OLD);
      await patched(SMALL_NEW);
      expect(await expectOneOf(SMALL_OLD, SMALL_NEW, PATCH_PROBES)).toBe(SMALL_NEW);
    },
    60_000,
  );
});
