// Publishing a Postfix host through the local transport, against a real Postfix 3.7 (tests/mta/postfix-
// instance.ts, its main.cf pointed at `<mapDir>/current/…`): what the maps answer through a running
// Postfix equals the resolver's Postfix answer; after a publish the running daemons answer from the new
// revision at once (the default reload, `postfix reload`: without it trivial-rewrite kept the old domains
// for 10-18 s, see docs/publishing.md); a map postmap complains about and a broken regexp table fail
// with Postfix's own words and leave the live revision alone.
import { readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAddress } from '@/lib/mail/resolve';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import type { HostSettings } from '@/lib/validation/host-settings';
import { publish, PublishError } from '@/lib/sync/publish';
import { localTransport } from '@/lib/transport/local';
import { PostfixInstance } from '../mta/postfix-instance';
import { probePostfix } from '../mta/postfix-probe';
import { comparable } from '../mta/sendmail-answer';
import {
  AFTER,
  BEFORE,
  expectOneCompleteRevision,
  freshMapDir,
  postfixFiles,
  probes,
  removeTree,
  unpackedPostfixSettings,
} from './publish-fixtures';

const transport = localTransport();
const BUILT = ['domains', 'virtual', 'recipients', 'access', 'transport', 'aliases'];
const PROBES = probes(BEFORE, AFTER);
let pf: PostfixInstance | undefined;
let mapDir = '';
let settings: HostSettings;
let revision = 0;

const asPostfix = (s: MailSnapshot): MailSnapshot => ({ ...s, host: { ...s.host, flavor: 'postfix' } });

beforeAll(async () => {
  pf = await PostfixInstance.create();
  mapDir = await freshMapDir('postfix');
  settings = unpackedPostfixSettings(mapDir, pf);
  // Postfix is not running yet (on a real host: before main.cf names the panel's maps): nothing to reload.
  await publish(transport, { ...settings, commands: { ...settings.commands, reload: [] } }, 'postfix', postfixFiles(BEFORE), ++revision);
  // The instance's main.cf names its own map directory: point it at the panel's layout instead.
  const mainCf = path.join(pf.dir, 'etc/main.cf');
  await writeFile(mainCf, (await readFile(mainCf, 'utf8')).replaceAll(`${pf.mapDir}/`, `${mapDir}/current/`));
  const past = new Date(Date.now() - 60_000);
  await utimes(mainCf, past, past);
  // apply() starts Postfix; its own maps are not read any more, its test mailboxes (every account) are.
  await pf.apply(
    asPostfix({
      ...AFTER,
      accounts: [...BEFORE.accounts, ...AFTER.accounts.filter((a) => !BEFORE.accounts.some((b) => b.name === a.name))],
    }),
  );
}, 60_000);

afterAll(async () => {
  await pf?.destroy();
  if (mapDir) await removeTree(mapDir);
});

function postfix(): PostfixInstance {
  if (!pf) throw new Error('Postfix did not start (see the first failure)');
  return pf;
}

async function expectAnswersOf(snapshot: MailSnapshot): Promise<void> {
  const answers = await probePostfix(postfix(), PROBES);
  const got = PROBES.map((a) => ({
    address: a,
    ...comparable(answers.get(a) ?? { rcpt: { accepted: false, reply: { code: 0, status: '', text: 'none' } }, deliveries: [] }),
  }));
  const want = PROBES.map((a) => ({ address: a, ...comparable(traceAddress(asPostfix(snapshot), a, 'postfix')) }));
  expect(got).toEqual(want);
}

/**
 * Publishes `snapshot` as the next revision: each test starts from the live state it needs (the revision
 * number only grows, so it is the one thing the tests share).
 */
async function liveWith(snapshot: MailSnapshot): Promise<void> {
  await publish(transport, settings, 'postfix', postfixFiles(snapshot), ++revision);
}

describe('publishing a Postfix host (local transport)', () => {
  it('the published maps answer through a running Postfix as the resolver says', async () => {
    await liveWith(BEFORE);
    await expectOneCompleteRevision(mapDir, BUILT);
    await expectAnswersOf(BEFORE);
  });

  it('after the next publish the running daemons answer from the new revision at once', async () => {
    await liveWith(BEFORE);
    await expectAnswersOf(BEFORE);
    const result = await publish(transport, settings, 'postfix', postfixFiles(AFTER), ++revision);
    expect(result.phases.reload).toBeGreaterThan(0);
    await expectOneCompleteRevision(mapDir, BUILT);
    await expectAnswersOf(AFTER);
  });

  it('a change of a few entries patches each changed map (postmap -i -r, -d, postalias): Postfix answers the new way at once', async () => {
    await liveWith(BEFORE);
    const result = await publish(transport, settings, 'postfix', postfixFiles(AFTER), ++revision);
    expect(result.files.filter((f) => f.patched).map((f) => f.name)).toEqual(
      result.files.filter((f) => f.changed && BUILT.includes(f.name)).map((f) => f.name),
    );
    expect(result.files.filter((f) => f.patched).length).toBeGreaterThanOrEqual(3);
    await expectOneCompleteRevision(mapDir, BUILT);
    await expectAnswersOf(AFTER);
  });

  it("a remove the map's tools refuse: that map is built whole instead, with the tool's words as a warning", async () => {
    await liveWith(AFTER);
    const wrong = structuredClone(settings);
    const argv = wrong.commands.patchMap!.remove.argv.map((a) => (a === 'hash:{file}' ? 'nosuchtype:{file}' : a));
    wrong.commands.patchMap = { ...wrong.commands.patchMap!, remove: { ...wrong.commands.patchMap!.remove, argv } };
    const result = await publish(transport, wrong, 'postfix', postfixFiles(BEFORE), ++revision);
    expect(result.files.find((f) => f.name === 'virtual')?.patched).toBe(false);
    expect(result.files.find((f) => f.name === 'aliases')?.patched).toBe(true);
    expect(result.warnings.join('\n')).toMatch(
      /virtual: the patch of the live map failed, so it was built whole: .*\n\$ .*postmap .*-d - nosuchtype:\S+ < \S+\n.*(fatal|error)/,
    );
    await expectOneCompleteRevision(mapDir, BUILT);
    await expectAnswersOf(BEFORE);
  });

  it('a map postmap complains about (exit 0, "duplicate entry") fails the build with its words', async () => {
    await liveWith(AFTER);
    const live = await expectOneCompleteRevision(mapDir, BUILT);
    const files = postfixFiles(BEFORE);
    const broken = { ...files, virtual: `${files.virtual}info@example.com\tjoe@localhost\n` };
    const error = (await publish(transport, settings, 'postfix', broken, revision + 1).catch((e: unknown) => e)) as PublishError;
    expect(error).toBeInstanceOf(PublishError);
    expect(error.phase).toBe('build');
    expect(error.toolOutput).toMatch(/postmap: warning: .*virtual\.db: duplicate entry: "info@example.com"/);
    expect(await expectOneCompleteRevision(mapDir, BUILT)).toEqual(live);
    await expectAnswersOf(AFTER);
  });

  it('a build command that exits 0 but leaves no usable map fails the check (postmap -q on it)', async () => {
    await liveWith(AFTER); // so that BEFORE's maps are built
    const live = await expectOneCompleteRevision(mapDir, BUILT);
    const sloppy = structuredClone(settings);
    // A host with a build command of its own builds every change whole (resolveHostSettings drops the
    // default patch commands): the build under test runs.
    delete sloppy.commands.patchMap;
    delete sloppy.commands.patchAliases;
    sloppy.commands.buildMap = { argv: ['/bin/cp', '{file}', '{file}.db'] };
    const error = (await publish(transport, sloppy, 'postfix', postfixFiles(BEFORE), revision + 1).catch(
      (e: unknown) => e,
    )) as PublishError;
    expect(error).toBeInstanceOf(PublishError);
    expect(error.phase).toBe('check');
    expect(error.toolOutput).toMatch(/postmap -c \S+ -q - hash:\S+ < \S+\n.*(fatal|warning|error)/);
    expect(await expectOneCompleteRevision(mapDir, BUILT)).toEqual(live);
  });

  it("a broken regexp table fails the check with Postfix's words", async () => {
    const live = await expectOneCompleteRevision(mapDir, BUILT);
    const files = postfixFiles(BEFORE);
    const broken = { ...files, 'virtual.regexp': `${files['virtual.regexp']}/^(unclosed@example\\.com$/ x@localhost\n` };
    const error = (await publish(transport, settings, 'postfix', broken, revision + 1).catch((e: unknown) => e)) as PublishError;
    expect(error).toBeInstanceOf(PublishError);
    expect(error.phase).toBe('check');
    expect(error.toolOutput).toMatch(/postmap: (warning|fatal): .*virtual\.regexp, line \d+/);
    expect(await expectOneCompleteRevision(mapDir, BUILT)).toEqual(live);
    // and the next good publish converges
    await publish(transport, settings, 'postfix', files, ++revision);
    await expectAnswersOf(BEFORE);
  });
});
