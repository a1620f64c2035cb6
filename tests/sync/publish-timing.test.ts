// What a publish costs, per phase, against the floor: the MTA's own map build of the same files, run
// directly (makemap / sendmail -bi for sendmail, postmap / postalias for Postfix). A small host and a host
// with a 100,000-line virtusertable, locally and over SSH (sendmail), plus one changed line on the big host.
// The figures are printed (docs/publishing.md quotes them); the assertions only catch a publisher that
// has become grossly slower than the tools it runs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import type { CommandSpec, HostSettings } from '@/lib/sync/host-settings';
import { publish, type PublishResult } from '@/lib/sync/publish';
import { localTransport } from '@/lib/sync/transports/local';
import { connectSsh } from '@/lib/sync/transports/ssh';
import { PostfixInstance } from '../mta/postfix-instance';
import { AFTER, BEFORE, freshMapDir, postfixFiles, removeTree, sendmailFiles, sendmailHost, unpackedPostfixSettings, type SendmailHost } from './publish-fixtures';
import { SshServer } from './ssh-server';

const LINES = 100_000;
const transport = localTransport();
const rows: string[] = [];

/** 100,000 virtmaps over 10,000 domains (10 each), every domain held, targets alternating two accounts. */
function bigHost(base: MailSnapshot): MailSnapshot {
  const domains = Array.from({ length: LINES / 10 }, (_, d) => `d${d}.example`);
  const virtmaps = domains.flatMap((domain, d) => Array.from({ length: 10 }, (_, i) => ({ domain, localPart: `user${i}`, target: { kind: 'local' as const, name: (d + i) % 2 ? 'joe' : 'mary' } })));
  return { ...base, domains: [...base.domains, ...domains], virtmaps: [...base.virtmaps, ...virtmaps] };
}
const BIG = bigHost(BEFORE);
const BIG_CHANGED: MailSnapshot = { ...BIG, virtmaps: BIG.virtmaps.map((v, i) => (i === 50_000 ? { ...v, target: { kind: 'local' as const, name: 'sales' } } : v)) };

function total(result: PublishResult): number {
  return Object.values(result.phases).reduce((a, b) => a + b, 0);
}

function report(label: string, result: PublishResult, floorMs?: number): void {
  const phases = Object.entries(result.phases).map(([k, v]) => `${k} ${v}`).join(', ');
  const ratio = floorMs ? `  floor ${floorMs} ms, ratio ${(total(result) / floorMs).toFixed(2)}` : '';
  rows.push(`${label.padEnd(44)} total ${String(total(result)).padStart(5)} ms  (${phases})${ratio}`);
}

/** The tools' own build of the same files, sequentially, in a scratch directory: the floor. */
async function floor(files: Record<string, string>, dir: string, commands: Array<{ name: string; spec: CommandSpec }>): Promise<{ all: number; each: Record<string, number> }> {
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
  console.log(`publish timings on this machine (${LINES.toLocaleString('en')} lines = ${LINES / 10} domains x 10 virtmaps):\n${rows.join('\n')}`);
  await sendmail?.lab.close();
  if (sendmail) await removeTree(sendmail.mapDir);
  await sshd?.destroy();
});

function hostOf(): SendmailHost {
  if (!sendmail) throw new Error('setup failed');
  return sendmail;
}

describe('publish timings', () => {
  it('sendmail, local transport: small host, 100k lines, one changed line', async () => {
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
    rows.push(`${''.padEnd(44)} makemap alone on the 100k virtusertable: ${f.each.virtusertable} ms; publish build phase ${big.phases.build} ms`);
    const one = await publish(transport, settings, 'sendmail', sendmailFiles(BIG_CHANGED), 4);
    report(`sendmail local, ${LINES / 1000}k lines (one line changed)`, one, f.each.virtusertable);
    expect(total(big) / f.all).toBeLessThan(4);
  }, 120_000);

  it('sendmail over SSH: small host, 100k lines', async () => {
    const { settings } = hostOf();
    const s = sshd!;
    const t = await connectSsh({ host: '127.0.0.1', port: s.port, user: 'root', privateKey: s.client.privateKey, pinnedHostKey: s.hostKey });
    try {
      report('sendmail ssh, small host (a change)', await publish(t, settings, 'sendmail', sendmailFiles(BEFORE), 5));
      report(`sendmail ssh, ${LINES / 1000}k lines (full)`, await publish(t, settings, 'sendmail', sendmailFiles(BIG_CHANGED), 6));
      report(`sendmail ssh, ${LINES / 1000}k lines (one line changed)`, await publish(t, settings, 'sendmail', sendmailFiles(BIG), 7));
    } finally {
      await t.close();
    }
  }, 120_000);

  it('Postfix, local transport: small host, 100k lines, one changed line', async () => {
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
      rows.push(`${''.padEnd(44)} postmap alone on the 100k virtual: ${f.each.virtual} ms, recipients ${f.each.recipients} ms; publish build phase ${big.phases.build} ms`);
      const one = await publish(transport, settings, 'postfix', postfixFiles(BIG_CHANGED), 4);
      report(`postfix local, ${LINES / 1000}k lines (one line changed)`, one, f.each.virtual);
      expect(total(big) / f.all).toBeLessThan(4);
    } finally {
      await pf.destroy();
      await removeTree(dir);
    }
  }, 120_000);
});
