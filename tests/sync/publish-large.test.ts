// A big host through each path: a 100,000-line virtusertable (sendmail, locally and over SSH) and the same
// data as Postfix maps. Each publish must build maps that answer as the text says, and a one-line change
// must rebuild only the map it changed and then answer the new value. The time of each phase and the
// floor (the MTA's own build of the same files, run directly) are printed for docs/publishing.md, never
// asserted: performance is measured by `npm run bench`, not by tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import type { CommandSpec, HostSettings } from '@/lib/validation/host-settings';
import { commandLine } from '@/lib/sync/publish-build';
import { publish, type PublishResult } from '@/lib/sync/publish';
import { localTransport } from '@/lib/transport/local';
import { connectSsh } from '@/lib/transport/ssh';
import { PostfixInstance } from '../mta/postfix-instance';
import {
  AFTER,
  BEFORE,
  freshMapDir,
  postfixFiles,
  removeTree,
  sendmailFiles,
  sendmailHost,
  unpackedPostfixSettings,
  type SendmailHost,
} from './publish-fixtures';
import { SshServer } from './ssh-server';

const LINES = 100_000;
const transport = localTransport();
const rows: string[] = [];

/** 100,000 virtmaps over 10,000 domains (10 each), every domain held, targets alternating two accounts. */
function bigHost(base: MailSnapshot): MailSnapshot {
  const domains = Array.from({ length: LINES / 10 }, (_, d) => `d${d}.example`);
  const virtmaps = domains.flatMap((domain, d) =>
    Array.from({ length: 10 }, (_, i) => ({
      domain,
      localPart: `user${i}`,
      target: { kind: 'local' as const, name: (d + i) % 2 ? 'joe' : 'mary' },
    })),
  );
  return { ...base, domains: [...base.domains, ...domains], virtmaps: [...base.virtmaps, ...virtmaps] };
}
const BIG = bigHost(BEFORE);
const CHANGED_AT = 50_000;
const BIG_CHANGED: MailSnapshot = {
  ...BIG,
  virtmaps: BIG.virtmaps.map((v, i) => (i === CHANGED_AT ? { ...v, target: { kind: 'local' as const, name: 'sales' } } : v)),
};
const CHANGED_KEY = `${BIG.virtmaps[CHANGED_AT]?.localPart}@${BIG.virtmaps[CHANGED_AT]?.domain}`;
/** A key of the big host that no change touches. */
const STEADY_KEY = `${BIG.virtmaps[CHANGED_AT + 7]?.localPart}@${BIG.virtmaps[CHANGED_AT + 7]?.domain}`;

/** The value the rendered text gives `key` (the line `key<TAB>value`). */
function valueInText(text: string, key: string): string {
  const line = text.split('\n').find((l) => l.startsWith(`${key}\t`));
  if (line === undefined) throw new Error(`${key} is not in the text`);
  return line.slice(key.length + 1);
}

/** What the live map answers for `key`, asked with the host's own check command (on this machine's files). */
async function liveAnswer(settings: HostSettings, map: string, key: string): Promise<string | null> {
  const file = path.join(settings.mapDir, 'current', map);
  const spec = settings.commands.checkMap;
  if (spec.stdin !== '{keys}') {
    const r = await transport.run(commandLine(spec, { file, key }).argv);
    return r.code === 0 ? r.stdout.trim() : null;
  }
  const scratch = await mkdtemp(path.join(path.dirname(settings.mapDir), 'keys-'));
  try {
    await writeFile(path.join(scratch, 'keys'), `${key}\n`);
    const { argv, stdinFile } = commandLine(spec, { file, keys: path.join(scratch, 'keys') });
    const r = await transport.run(argv, { stdinFile });
    const line = r.stdout.split('\n').find((l) => l.startsWith(`${key}\t`));
    return line === undefined ? null : line.slice(key.length + 1).trim();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The live `map` answers both probe keys as `files` says. */
async function expectAnswers(settings: HostSettings, files: Record<string, string>, map: string): Promise<void> {
  for (const key of [CHANGED_KEY, STEADY_KEY]) expect(await liveAnswer(settings, map, key), key).toBe(valueInText(files[map] ?? '', key));
}

function changedNames(result: PublishResult): string[] {
  return result.files.filter((f) => f.changed).map((f) => f.name);
}

function total(result: PublishResult): number {
  return Object.values(result.phases).reduce((a, b) => a + b, 0);
}

function report(label: string, result: PublishResult, floorMs?: number): void {
  const phases = Object.entries(result.phases)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const ratio = floorMs ? `  floor ${floorMs} ms, ratio ${(total(result) / floorMs).toFixed(2)}` : '';
  rows.push(`${label.padEnd(44)} total ${String(total(result)).padStart(5)} ms  (${phases})${ratio}`);
}

/** The tools' own build of the same files, sequentially, in a scratch directory: the floor. */
async function floor(
  files: Record<string, string>,
  dir: string,
  commands: Array<{ name: string; spec: CommandSpec }>,
): Promise<{ all: number; each: Record<string, number> }> {
  const scratch = await mkdtemp(path.join(path.dirname(dir), 'floor-'));
  try {
    const each: Record<string, number> = {};
    for (const { name, spec } of commands) {
      const file = path.join(scratch, name);
      await writeFile(file, files[name] ?? '');
      const argv = spec.argv.map((a) => a.replaceAll('{file}', file));
      const started = performance.now();
      const r = await transport.run(argv, { stdinFile: spec.stdin ? file : undefined });
      each[name] = Math.round(performance.now() - started);
      if (r.code !== 0) throw new Error(`floor ${argv.join(' ')}: ${r.stderr}`);
    }
    return { all: Object.values(each).reduce((a, b) => a + b, 0), each };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

let sendmail: SendmailHost | undefined;
let sshd: SshServer | undefined;

beforeAll(async () => {
  sendmail = await sendmailHost(await freshMapDir('timing'), BEFORE);
  sshd = await SshServer.start();
}, 60_000);

afterAll(async () => {
  console.log(
    `publish phases on this machine (printed, not asserted) (${LINES.toLocaleString('en')} lines = ${LINES / 10} domains x 10 virtmaps):\n${rows.join('\n')}`,
  );
  await sendmail?.lab.close();
  if (sendmail) await removeTree(sendmail.mapDir);
  await sshd?.destroy();
});

function hostOf(): SendmailHost {
  if (!sendmail) throw new Error('setup failed');
  return sendmail;
}

describe('publishing a big host', () => {
  it('sendmail, local transport: 100k lines answer as the text says; one changed line rebuilds only its map', async () => {
    const { settings, first } = hostOf();
    report('sendmail local, small host (first publish)', first);
    const small = await publish(transport, settings, 'sendmail', sendmailFiles(AFTER), 2);
    report('sendmail local, small host (a change)', small);
    const files = sendmailFiles(BIG);
    const f = await floor(files, settings.mapDir, [
      { name: 'virtusertable', spec: settings.commands.buildMap },
      { name: 'accounts', spec: settings.commands.buildMap },
      { name: 'aliases', spec: settings.commands.buildAliases },
    ]);
    const big = await publish(transport, settings, 'sendmail', files, 3);
    report(`sendmail local, ${LINES / 1000}k lines (full)`, big, f.all);
    rows.push(
      `${''.padEnd(44)} makemap alone on the 100k virtusertable: ${f.each.virtusertable} ms; publish build phase ${big.phases.build} ms`,
    );
    await expectAnswers(settings, files, 'virtusertable');
    const changed = sendmailFiles(BIG_CHANGED);
    const one = await publish(transport, settings, 'sendmail', changed, 4);
    report(`sendmail local, ${LINES / 1000}k lines (one line changed)`, one, f.each.virtusertable);
    expect(changedNames(one)).toEqual(['virtusertable']);
    expect(valueInText(changed.virtusertable ?? '', CHANGED_KEY)).not.toBe(valueInText(files.virtusertable ?? '', CHANGED_KEY));
    await expectAnswers(settings, changed, 'virtusertable');
  }, 120_000);

  it('sendmail over SSH: 100k lines, then one changed line, each answering as its text says', async () => {
    const { settings } = hostOf();
    const s = sshd!;
    const t = await connectSsh({
      host: '127.0.0.1',
      port: s.port,
      user: 'root',
      privateKey: s.client.privateKey,
      pinnedHostKey: s.hostKey,
    });
    try {
      report('sendmail ssh, small host (a change)', await publish(t, settings, 'sendmail', sendmailFiles(BEFORE), 5));
      const big = sendmailFiles(BIG_CHANGED);
      report(`sendmail ssh, ${LINES / 1000}k lines (full)`, await publish(t, settings, 'sendmail', big, 6));
      await expectAnswers(settings, big, 'virtusertable');
      const back = sendmailFiles(BIG);
      const one = await publish(t, settings, 'sendmail', back, 7);
      report(`sendmail ssh, ${LINES / 1000}k lines (one line changed)`, one);
      expect(changedNames(one)).toEqual(['virtusertable']);
      await expectAnswers(settings, back, 'virtusertable');
    } finally {
      await t.close();
    }
  }, 120_000);

  it('Postfix, local transport: 100k lines answer as the text says; one changed line rebuilds only its maps', async () => {
    const pf = await PostfixInstance.create();
    const dir = await freshMapDir('timing-postfix');
    try {
      const settings: HostSettings = { ...unpackedPostfixSettings(dir, pf) };
      settings.commands.reload = []; // no running Postfix here: the build and check are what is measured
      report('postfix local, small host (first publish)', await publish(transport, settings, 'postfix', postfixFiles(BEFORE), 1));
      report('postfix local, small host (a change)', await publish(transport, settings, 'postfix', postfixFiles(AFTER), 2));
      const files = postfixFiles(BIG);
      const maps = ['domains', 'virtual', 'recipients', 'access', 'transport'].map((name) => ({ name, spec: settings.commands.buildMap }));
      const f = await floor(files, dir, [...maps, { name: 'aliases', spec: settings.commands.buildAliases }]);
      const big = await publish(transport, settings, 'postfix', files, 3);
      report(`postfix local, ${LINES / 1000}k lines (full)`, big, f.all);
      rows.push(
        `${''.padEnd(44)} postmap alone on the 100k virtual: ${f.each.virtual} ms, recipients ${f.each.recipients} ms; publish build phase ${big.phases.build} ms`,
      );
      await expectAnswers(settings, files, 'virtual');
      const changed = postfixFiles(BIG_CHANGED);
      const one = await publish(transport, settings, 'postfix', changed, 4);
      report(`postfix local, ${LINES / 1000}k lines (one line changed)`, one, f.each.virtual);
      // Only the virtual map's text changed: every other file is the live one, linked, not rebuilt.
      expect(changedNames(one)).toEqual(['virtual']);
      await expectAnswers(settings, changed, 'virtual');
    } finally {
      await pf.destroy();
      await removeTree(dir);
    }
  }, 120_000);
});
