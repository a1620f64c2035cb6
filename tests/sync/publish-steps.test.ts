// A full publish takes the files as the render hands them over (lib/sync/render-host.ts, hostFileSteps)
// and writes, builds and checks each as it comes (lib/sync/publish.ts): the builds of the first shards
// run while the render makes the rest. Shown with sendmail's real makemap on a host in 4 shards: the
// revision is the one a publish of every file at once makes; the first build starts before the render
// hands over its last file; a render that fails half-way, or hands a file over twice, leaves the live
// revision as it was, and the next publish goes ahead.
import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '@/lib/mail/snapshot-builder';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import type { RenderStep } from '@/lib/mailmaps/render-reuse';
import { publish, PublishError, type PublishPhase } from '@/lib/sync/publish';
import { hostFileSteps, renderHost } from '@/lib/sync/render-host';
import { localTransport } from '@/lib/transport/local';
import { defaultHostSettings, type HostSettings } from '@/lib/validation/host-settings';
import { requireSendmail } from '../mta/sendmail-lab';
import { expectOneCompleteRevision, expectSendmailMapsMatchText, freshMapDir, removeTree } from './publish-fixtures';

const transport = localTransport();
const SHARDS = 4;
const BUILT = ['virtusertable', 'accounts', 'aliases'];

/** A host of 400 domains, each with a few keys: every shard holds about a hundred of them. */
const host = (target: string): MailSnapshot => {
  const domains = Array.from({ length: 400 }, (_, i) => `d${i}.example`);
  return buildSnapshot({
    domains,
    accounts: ['joe', 'mary'],
    aliases: { sales: ['joe', 'mary'] },
    virtmaps: Object.fromEntries(
      domains.flatMap((d) => [
        [`info@${d}`, target],
        [`sales@${d}`, 'sales'],
        [`@${d}`, 'error:nouser No such user here'],
      ]),
    ),
  });
};

let mapDir = '';
let settings: HostSettings;
let revision = 0;

beforeAll(async () => {
  requireSendmail();
  mapDir = await freshMapDir('steps');
  settings = { ...defaultHostSettings('SENDMAIL', mapDir), mapShards: SHARDS };
});

afterAll(async () => {
  if (mapDir) await removeTree(mapDir);
});

const steps = (snapshot: MailSnapshot) => hostFileSteps('sendmail', snapshot, settings);

describe('a publish of the files as the render hands them over', () => {
  it('makes the revision a publish of every file at once makes, and builds while the render goes on', async () => {
    const snapshot = host('joe');
    let built = false;
    let waitedOut = false;
    // The render as given, but once it has handed over a shard it waits (pauses) until the publisher has
    // started a build: a publisher that built only after the last file would keep it waiting for ever
    // (here: 30 s, a slow disk's writes included).
    function* watched(): Generator<RenderStep, void, void> {
      let shardHanded = false;
      for (const step of steps(snapshot)) {
        if (step && shardHanded) {
          const since = Date.now();
          while (!built && !(waitedOut = Date.now() - since > 30_000)) yield null;
        }
        if (step?.[0].startsWith('virtusertable.')) shardHanded = true;
        yield step;
      }
    }
    const onPhase = (phase: PublishPhase) => void (phase === 'build' && (built = true));
    const result = await publish(transport, settings, 'sendmail', watched(), ++revision, { onPhase });
    expect(built).toBe(true);
    expect(waitedOut, 'the first build started while the render still had files to hand over').toBe(false);

    const whole = renderHost('sendmail', structuredClone(snapshot), settings);
    expect(result.files.map((f) => f.name)).toEqual(Object.keys(whole).sort());
    const live = await expectOneCompleteRevision(mapDir, BUILT);
    expect(live.files).toEqual(whole);
    await expectSendmailMapsMatchText(mapDir);

    // The same files at once: nothing differs, so every file is carried over from the revision above.
    const again = await publish(transport, settings, 'sendmail', whole, ++revision);
    expect(again.files.filter((f) => f.changed)).toEqual([]);
  });

  it('leaves the live revision when the render fails half-way; the next publish goes ahead', async () => {
    const before = await expectOneCompleteRevision(mapDir, BUILT);
    const next = host('mary');
    function* failing(): Generator<RenderStep, void, void> {
      let handed = 0;
      for (const step of steps(next)) {
        if (step && ++handed === 6) throw new Error('the renderer refused a value');
        yield step;
      }
    }
    await expect(publish(transport, settings, 'sendmail', failing(), ++revision)).rejects.toThrow('the renderer refused a value');
    expect(await readlink(path.join(mapDir, 'current'))).toBe(`rev-${before.revision}`);
    expect((await expectOneCompleteRevision(mapDir, BUILT)).files).toEqual(before.files);
    // Nothing of the failed revision stays on the host's disk.
    expect((await readdir(mapDir)).filter((name) => name.startsWith('.rev-'))).toEqual([]);

    await publish(transport, settings, 'sendmail', steps(next), ++revision);
    const live = await expectOneCompleteRevision(mapDir, BUILT);
    expect(live.files).toEqual(renderHost('sendmail', structuredClone(next), settings));
    await expectSendmailMapsMatchText(mapDir);
    expect((await readdir(mapDir)).filter((name) => name.startsWith('.rev-'))).toEqual([]);
  });

  it('refuses a file handed over twice, before anything is switched', async () => {
    const before = await expectOneCompleteRevision(mapDir, BUILT);
    function* twice(): Generator<RenderStep, void, void> {
      yield* steps(host('joe'));
      yield ['accounts', 'joe\tjoe\n'];
    }
    const failed = await publish(transport, settings, 'sendmail', twice(), ++revision).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(PublishError);
    expect((failed as PublishError).message).toMatch(/accounts is handed over twice/);
    expect((await expectOneCompleteRevision(mapDir, BUILT)).files).toEqual(before.files);
    expect((await readdir(mapDir)).filter((name) => name.startsWith('.rev-'))).toEqual([]);
  });
});
