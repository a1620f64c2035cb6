// Publishing a sendmail host through the local transport, against real sendmail 8.17 (the lab in
// tests/mta/, its .cf reading `<mapDir>/current/…`): the published maps answer `sendmail -bv` and RCPT
// as the resolver says; a change switches every answer at once; unchanged files are hard-linked, not
// rewritten; a failing build, a failing check and an unwritable directory leave the previous revision
// live and complete, carry the tool's own words, and the next publish converges.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readlink, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveHashes, liveRevision, publish, PublishError } from '@/lib/sync/publish';
import { MANIFEST, sha256 } from '@/lib/sync/publish-layout';
import { localTransport } from '@/lib/transport/local';
import { requireSendmail } from '../mta/sendmail-lab';
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
  watchedTransport,
} from './publish-fixtures';

const run = promisify(execFile);
const transport = localTransport();
const PROBES = probes(BEFORE, AFTER);
const BUILT = ['virtusertable', 'accounts', 'aliases'];
let host: SendmailHost | undefined;
let revision = 0;

beforeAll(async () => {
  requireSendmail();
  host = await sendmailHost(await freshMapDir('sendmail'), BEFORE);
  revision = 1;
}, 60_000);

afterAll(async () => {
  await host?.lab.close();
  if (host) await removeTree(host.mapDir);
});

function theHost(): SendmailHost {
  if (!host) throw new Error('the sendmail host did not start (see the first failure)');
  return host;
}

async function expectAnswersOf(snapshot: typeof BEFORE): Promise<void> {
  expect(await sendmailAnswers(theHost().lab, PROBES)).toEqual(resolverAnswers(snapshot, PROBES));
}

/**
 * Publishes `snapshot` as the next revision: each test starts from the live state it needs (the revision
 * number only grows, so it is the one thing the tests share).
 */
async function liveWith(snapshot: typeof BEFORE): Promise<void> {
  await publish(transport, theHost().settings, 'sendmail', sendmailFiles(snapshot), ++revision);
}

/** `makemap -u` of a map's copy (makemap refuses a map with several hard links), sorted. */
async function dumpOf(file: string): Promise<string[]> {
  const scratch = await mkdtemp(path.join(path.dirname(theHost().mapDir), 'dump-'));
  try {
    await copyFile(`${file}.db`, path.join(scratch, 'map.db'));
    return (await run('/usr/sbin/makemap', ['-u', 'hash', path.join(scratch, 'map')])).stdout.split('\n').filter(Boolean).sort();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function inode(file: string): Promise<number> {
  return (await stat(file)).ino;
}

describe('publishing a sendmail host (local transport)', () => {
  it('publishes a first revision that sendmail answers from, as the resolver says', async () => {
    const { mapDir, settings, first: result } = theHost();
    expect(result.revision).toBe(1);
    expect(result.files.every((f) => f.changed)).toBe(true);
    expect(Object.keys(result.phases)).toEqual(['prepare', 'upload', 'build', 'check', 'swap', 'reload', 'prune']);
    await liveWith(BEFORE); // that content live again, whatever other tests published since
    expect(await readFile(path.join(mapDir, 'current/virtusertable'), 'utf8')).toBe(sendmailFiles(BEFORE).virtusertable);
    await expectOneCompleteRevision(mapDir, BUILT);
    await expectSendmailMapsMatchText(mapDir);
    await expectAnswersOf(BEFORE);
    expect(await liveRevision(transport, settings)).toBe(revision);
  });

  it('switches every answer to the next revision, and links the files that did not change', async () => {
    const { mapDir, settings } = theHost();
    await liveWith(BEFORE);
    // Only the virtusertable and local-host-names change: the rest must be the live files, not rewrites.
    const files = { ...sendmailFiles(BEFORE), virtusertable: sendmailFiles(AFTER).virtusertable ?? '' };
    const before = {
      accounts: await inode(path.join(mapDir, 'current/accounts.db')),
      aliases: await inode(path.join(mapDir, 'current/aliases.db')),
      passwd: await inode(path.join(mapDir, 'current/dovecot-passwd')),
    };
    const result = await publish(transport, settings, 'sendmail', files, ++revision);
    expect(result.files.filter((f) => f.changed).map((f) => f.name)).toEqual(['virtusertable']);
    expect(await inode(path.join(mapDir, 'current/accounts.db'))).toBe(before.accounts);
    expect(await inode(path.join(mapDir, 'current/aliases.db'))).toBe(before.aliases);
    expect(await inode(path.join(mapDir, 'current/dovecot-passwd'))).toBe(before.passwd);
    await expectSendmailMapsMatchText(mapDir);

    const full = await publish(transport, settings, 'sendmail', sendmailFiles(AFTER), ++revision);
    expect(
      full.files
        .filter((f) => f.changed)
        .map((f) => f.name)
        .sort(),
    ).toEqual(['aliases', 'dovecot-passwd', 'local-host-names', 'accounts'].sort());
    await expectOneCompleteRevision(mapDir, BUILT);
    await expectAnswersOf(AFTER);
  });

  it('publishes an unchanged host as a new revision without building anything', async () => {
    const { mapDir, settings } = theHost();
    await liveWith(AFTER);
    const built = async () => Promise.all(BUILT.map((name) => inode(path.join(mapDir, `current/${name}.db`))));
    const before = await built();
    const result = await publish(transport, settings, 'sendmail', sendmailFiles(AFTER), ++revision);
    expect(result.files.some((f) => f.changed)).toBe(false);
    // Every indexed map of the new revision is the live one, linked: none was built again.
    expect(await built()).toEqual(before);
    expect(await liveRevision(transport, settings)).toBe(revision);
  });

  it("a change of a few entries patches a copy of each changed map; the live revision's maps stay as they were", async () => {
    const { mapDir, settings } = theHost();
    await liveWith(BEFORE);
    const old = path.join(mapDir, await readlink(path.join(mapDir, 'current')));
    const oldDump = await dumpOf(path.join(old, 'virtusertable'));
    const result = await publish(transport, settings, 'sendmail', sendmailFiles(AFTER), ++revision);
    expect(result.files.filter((f) => f.patched).map((f) => f.name)).toEqual(['accounts', 'aliases', 'virtusertable']);
    expect(await inode(path.join(mapDir, 'current/virtusertable.db'))).not.toBe(await inode(path.join(old, 'virtusertable.db')));
    expect(await dumpOf(path.join(old, 'virtusertable'))).toEqual(oldDump);
    await expectSendmailMapsMatchText(mapDir);
    await expectAnswersOf(AFTER);
  });

  it("a patch the map's tools refuse is built whole instead, and a warning gives the tool's words", async () => {
    const { mapDir, settings } = theHost();
    await liveWith(BEFORE);
    // Without -r makemap refuses to replace a key the map holds: "duplicate key", exit 65.
    const strict = structuredClone(settings);
    strict.commands.patchMap = {
      ...strict.commands.patchMap!,
      put: { argv: ['/usr/sbin/makemap', '-o', 'hash', '{file}'], stdin: '{lines}' },
    };
    const result = await publish(transport, strict, 'sendmail', sendmailFiles(AFTER), ++revision);
    // The virtusertable replaces a key (refused); the accounts only add one (taken as a patch).
    expect(result.files.filter((f) => f.patched).map((f) => f.name)).toEqual(['accounts', 'aliases']);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings.join('\n')).toMatch(
      /virtusertable: the patch of the live map failed, so it was built whole: patching .*\n\$ \/usr\/sbin\/makemap -o hash \S+ < \S+\n.*duplicate key/,
    );
    await expectSendmailMapsMatchText(mapDir);
    await expectAnswersOf(AFTER);
  });

  it('a patch that exits 0 but leaves the map as it was is caught by its lookups, and the map built whole', async () => {
    const { mapDir, settings } = theHost();
    await liveWith(BEFORE);
    const idle = structuredClone(settings);
    const nothing = {
      put: { argv: ['/usr/bin/test', '-e', '{file}'], stdin: '{lines}' },
      remove: { argv: ['/usr/bin/test', '-e', '{file}'] },
    };
    idle.commands.patchMap = nothing;
    idle.commands.patchAliases = nothing;
    const result = await publish(transport, idle, 'sendmail', sendmailFiles(AFTER), ++revision);
    expect(result.files.filter((f) => f.patched)).toEqual([]);
    expect(result.warnings).toHaveLength(3);
    expect(result.warnings.join('\n')).toMatch(/answers \S+ wrongly after the patch\n\S*editmap -q hash \S+ \S+: \S+ -> .*, expected /);
    await expectSendmailMapsMatchText(mapDir);
    await expectAnswersOf(AFTER);
  });

  it('a .db the live manifest does not vouch for is built whole, not patched: another build command, or a hand edit', async () => {
    const { mapDir, settings } = theHost();
    await liveWith(AFTER); // so that BEFORE's maps are built (by the other command)
    // Built by another command (makemap -d: duplicates allowed): the default patch does not start from it.
    const other = structuredClone(settings);
    other.commands.buildMap = { argv: ['/usr/sbin/makemap', '-d', 'hash', '{file}'], stdin: '{file}' };
    await publish(transport, other, 'sendmail', sendmailFiles(BEFORE), ++revision);
    const built = await publish(transport, settings, 'sendmail', sendmailFiles(AFTER), ++revision);
    expect(built.files.filter((f) => f.patched).map((f) => f.name)).toEqual(['aliases']);
    // The live .db replaced by hand (its text left alone): not carried on either.
    await liveWith(BEFORE);
    const file = path.join(mapDir, 'current/virtusertable');
    const scratch = await mkdtemp(path.join(path.dirname(mapDir), 'hand-'));
    await writeFile(path.join(scratch, 'v'), `${await readFile(file, 'utf8')}hand@example.com\tjoe\n`);
    await run('/bin/sh', ['-c', 'makemap hash "$1" < "$1"', 'sh', path.join(scratch, 'v')]);
    await copyFile(path.join(scratch, 'v.db'), `${file}.db`);
    // Within the same second a hash map of one more entry may keep its size and whole-second mtime: the
    // hand edit is taken to come later, as it would.
    await utimes(`${file}.db`, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    await rm(scratch, { recursive: true, force: true });
    // A publish in which the map did not change links the edited .db on: the manifest no longer vouches for it.
    const unchanged = { ...sendmailFiles(BEFORE), accounts: sendmailFiles(AFTER).accounts ?? '' };
    await publish(transport, settings, 'sendmail', unchanged, ++revision);
    const result = await publish(transport, settings, 'sendmail', sendmailFiles(AFTER), ++revision);
    expect(result.files.find((f) => f.name === 'virtusertable')?.patched).toBe(false);
    expect(result.files.find((f) => f.name === 'aliases')?.patched).toBe(true);
    await expectSendmailMapsMatchText(mapDir);
    await expectAnswersOf(AFTER);
  });

  it('a live map edited by hand is built whole, not patched: the edit is not carried on', async () => {
    const { mapDir, settings } = theHost();
    await liveWith(BEFORE);
    const file = path.join(mapDir, 'current/virtusertable');
    await writeFile(file, `${await readFile(file, 'utf8')}edited@example.com\tjoe\n`);
    const result = await publish(transport, settings, 'sendmail', sendmailFiles(AFTER), ++revision);
    expect(result.files.find((f) => f.name === 'virtusertable')?.patched).toBe(false);
    expect(result.files.find((f) => f.name === 'accounts')?.patched).toBe(true);
    await expectSendmailMapsMatchText(mapDir);
    await expectAnswersOf(AFTER);
  });

  it("a map that makemap refuses fails the build with makemap's words and leaves the live revision alone", async () => {
    const { mapDir, settings } = theHost();
    await liveWith(AFTER);
    const live = await expectOneCompleteRevision(mapDir, BUILT);
    const broken = { ...sendmailFiles(BEFORE), virtusertable: sendmailFiles(BEFORE).virtusertable + 'info@example.com\tjoe\n' };
    const error = await publish(transport, settings, 'sendmail', broken, revision + 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).phase).toBe('build');
    expect((error as PublishError).toolOutput).toMatch(/makemap.*duplicate/i);
    expect(await expectOneCompleteRevision(mapDir, BUILT)).toEqual(live);
    await expectAnswersOf(AFTER);
    // The same revision number is published again once the data is right.
    await publish(transport, settings, 'sendmail', sendmailFiles(BEFORE), ++revision);
    await expectAnswersOf(BEFORE);
  });

  it('a build that exits 0 but stores the wrong entries fails the dump check (makemap -u vs the text)', async () => {
    const { mapDir, settings } = theHost();
    await liveWith(BEFORE);
    const live = await expectOneCompleteRevision(mapDir, BUILT);
    // "-D @": makemap takes "@" for its comment character, so every catch-all line is silently dropped
    // and the "#" header line is stored as a key. The dump check (configurable; the default looks up a few
    // keys) compares every key with the text; the first file in name order that fails is the one reported.
    const sloppy = structuredClone(settings);
    // A host with a build command of its own builds every change whole (resolveHostSettings drops the
    // default patch commands): the build under test runs.
    delete sloppy.commands.patchMap;
    delete sloppy.commands.patchAliases;
    sloppy.commands.buildMap = { argv: ['/usr/sbin/makemap', '-D', '@', 'hash', '{file}'], stdin: '{file}' };
    sloppy.commands.checkMap = { argv: ['/usr/sbin/makemap', '-u', 'hash', '{file}'] };
    const error = (await publish(transport, sloppy, 'sendmail', sendmailFiles(AFTER), revision + 1).catch(
      (e: unknown) => e,
    )) as PublishError;
    expect(error).toBeInstanceOf(PublishError);
    expect(error.phase).toBe('check');
    expect(error.toolOutput).toMatch(/makemap -u hash \S*\/accounts: \d+ entries; the text has \d+.*; not in the text e\.g\. #/);
    expect(await expectOneCompleteRevision(mapDir, BUILT)).toEqual(live);
    await expectAnswersOf(BEFORE);
  });

  it('a build that exits 0 but stores other keys or another map type fails the lookup check (editmap -q)', async () => {
    const { mapDir, settings } = theHost();
    await liveWith(BEFORE); // so that AFTER's maps are built
    const live = await expectOneCompleteRevision(mapDir, BUILT);
    const sloppy = structuredClone(settings);
    // A host with a build command of its own builds every change whole (resolveHostSettings drops the
    // default patch commands): the build under test runs.
    delete sloppy.commands.patchMap;
    delete sloppy.commands.patchAliases;
    // "-N": every key stored with its terminating NUL, so a plain lookup finds none.
    sloppy.commands.buildMap = { argv: ['/usr/sbin/makemap', '-N', 'hash', '{file}'], stdin: '{file}' };
    const error = (await publish(transport, sloppy, 'sendmail', sendmailFiles(AFTER), revision + 1).catch(
      (e: unknown) => e,
    )) as PublishError;
    expect(error).toBeInstanceOf(PublishError);
    expect(error.phase).toBe('check');
    expect(error.toolOutput).toMatch(/editmap: couldn't find key \S+ in map/);
    // "btree": a .db of another type than the configuration reads.
    sloppy.commands.buildMap = { argv: ['/usr/sbin/makemap', 'btree', '{file}'], stdin: '{file}' };
    const again = (await publish(transport, sloppy, 'sendmail', sendmailFiles(AFTER), revision + 1).catch(
      (e: unknown) => e,
    )) as PublishError;
    expect(again.phase).toBe('check');
    expect(again.toolOutput).toMatch(/editmap: error opening type hash map \S+: Invalid argument/);
    expect(await expectOneCompleteRevision(mapDir, BUILT)).toEqual(live);
  });

  it("an unwritable map directory fails with the system's words; the live revision stays; the next run converges", async () => {
    const { mapDir, settings } = theHost();
    await liveWith(BEFORE);
    const live = await expectOneCompleteRevision(mapDir, BUILT);
    await run('chattr', ['+i', mapDir]);
    try {
      const error = (await publish(transport, settings, 'sendmail', sendmailFiles(AFTER), revision + 1).catch(
        (e: unknown) => e,
      )) as PublishError;
      expect(error).toBeInstanceOf(PublishError);
      expect(error.toolOutput).toMatch(/EPERM|operation not permitted/i);
      expect(await expectOneCompleteRevision(mapDir, BUILT)).toEqual(live);
      await expectAnswersOf(BEFORE);
    } finally {
      await run('chattr', ['-i', mapDir]);
    }
    await publish(transport, settings, 'sendmail', sendmailFiles(AFTER), ++revision);
    await expectAnswersOf(AFTER);
  });

  it('a reload that failed after the switch is owed: the next publish runs it even when nothing changed', async () => {
    const { mapDir, settings } = theHost();
    const marker = path.join(path.dirname(mapDir), `${path.basename(mapDir)}.reloaded`);
    const failing = structuredClone(settings);
    failing.commands.reload = [{ argv: ['/bin/false'], when: ['local-host-names'] }];
    await liveWith(BEFORE); // so that AFTER changes local-host-names, which the reload is for
    const files = sendmailFiles(AFTER);
    const error = (await publish(transport, failing, 'sendmail', files, revision + 1).catch((e: unknown) => e)) as PublishError;
    expect(error).toBeInstanceOf(PublishError);
    expect([error.phase, error.swapped]).toEqual(['reload', true]);
    expect(await liveRevision(transport, settings)).toBe(++revision); // the new revision is live
    const working = structuredClone(settings);
    working.commands.reload = [{ argv: ['/usr/bin/touch', marker], when: ['local-host-names'] }];
    const again = await publish(transport, working, 'sendmail', files, ++revision);
    expect(again.files.some((f) => f.changed)).toBe(false);
    expect((await stat(marker)).isFile()).toBe(true);
    await rm(marker);
    await publish(transport, working, 'sendmail', files, ++revision); // paid: no reload now
    await expect(stat(marker)).rejects.toThrow(/ENOENT/);
  });

  it('clears what a killed run left behind, and keeps only the last revisions', async () => {
    const { mapDir, settings } = theHost();
    await mkdir(path.join(mapDir, `.rev-${revision + 1}.tmp`));
    await mkdir(path.join(mapDir, `rev-${revision + 1}`));
    await writeFile(path.join(mapDir, `rev-${revision + 1}/virtusertable`), 'junk\n');
    for (let i = 0; i < 5; i++) await publish(transport, settings, 'sendmail', sendmailFiles(i % 2 ? BEFORE : AFTER), ++revision);
    const { stdout } = await run('ls', ['-A', mapDir]);
    const names = stdout.split('\n').filter(Boolean).sort();
    expect(names).toEqual(['current', ...[3, 2, 1, 0].map((k) => `rev-${revision - k}`)].sort());
    await expectAnswersOf(AFTER);
  });

  it('re-publishing the live revision number builds beside it (rev-N.1) and switches', async () => {
    const { mapDir, settings } = theHost();
    await liveWith(AFTER);
    await publish(transport, settings, 'sendmail', sendmailFiles(BEFORE), revision);
    expect(path.basename(await (await import('node:fs/promises')).readlink(path.join(mapDir, 'current')))).toBe(`rev-${revision}.1`);
    await expectAnswersOf(BEFORE);
    expect(await liveRevision(transport, settings)).toBe(revision);
  });

  it('liveHashes hashes the live files on the host: equal to the rendered hashes, and a hand edit shows', async () => {
    const { mapDir, settings } = theHost();
    await liveWith(BEFORE);
    const files = sendmailFiles(BEFORE);
    const expected = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, sha256(text)]));
    // sha256sum on the host answers: only the manifest is read, not the files.
    const watched = watchedTransport(transport);
    expect(await liveHashes(watched.transport, settings)).toEqual(expected);
    expect(watched.reads.map((p) => path.basename(p))).toEqual([MANIFEST]);
    await writeFile(path.join(mapDir, 'current/local-host-names'), files['local-host-names'] + 'hand.example\n');
    expect((await liveHashes(transport, settings))['local-host-names']).not.toBe(expected['local-host-names']);
    await publish(transport, settings, 'sendmail', files, ++revision);
    expect(await liveHashes(transport, settings)).toEqual(expected);
  });

  it('liveHashes of a revision without a manifest hashes what the directory holds, a file named "-" included', async () => {
    const { mapDir, settings } = theHost();
    await liveWith(BEFORE);
    const live = path.join(mapDir, 'current');
    const manifest = await readFile(path.join(live, MANIFEST));
    await rm(path.join(live, MANIFEST));
    // sha256sum reads standard input for an operand "-": the file must be named ./- to be hashed.
    await writeFile(path.join(live, '-'), 'stray\n');
    try {
      const hashes = await liveHashes(transport, settings);
      expect(hashes['-']).toBe(sha256('stray\n'));
      expect(hashes['local-host-names']).toBe(sha256(sendmailFiles(BEFORE)['local-host-names'] ?? ''));
    } finally {
      await rm(path.join(live, '-'));
      await writeFile(path.join(live, MANIFEST), manifest);
    }
  });

  it('liveHashes reads the files where the host has no sha256sum, or a file is missing, with the same answer', async () => {
    const { mapDir, settings } = theHost();
    await liveWith(BEFORE);
    const files = sendmailFiles(BEFORE);
    const expected = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, sha256(text)]));
    const without = watchedTransport(transport, ['sha256sum']);
    expect(await liveHashes(without.transport, settings)).toEqual(expected);
    expect(without.reads.length).toBe(Object.keys(files).length + 1);
    await rm(path.join(mapDir, 'current/local-host-names'));
    const { ['local-host-names']: _gone, ...rest } = expected;
    expect(await liveHashes(transport, settings)).toEqual(rest);
    await publish(transport, settings, 'sendmail', files, ++revision);
  });
});
