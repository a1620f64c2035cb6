// publishHost() against a real PostgreSQL and a local-transport host publishing with the real publisher
// and sendmail's makemap: revisions and their records, failures with the tool's own text, the backoff,
// the per-host lock, the drift check, and the history the run page shows.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { FileDiff } from '../../components/sync/file-diff';
import { db } from '../../lib/db/client';
import { getSyncRun, listSyncRuns } from '../../lib/data/sync-history';
import { isHostKept } from '../../lib/data/snapshot-cache';
import { forgetKnownTexts } from '../../lib/sync/known-texts';
import { parseStoredDiff } from '../../lib/sync/line-diff';
import { tryLockHost } from '../../lib/sync/host-lock';
import { publishHost } from '../../lib/sync/run-publish';
import { unique } from '../support/factories';
import { withPanelDatabase } from '../support/panel-db';
import { edit, removeWorlds, hostState, runsOf, setFailing, setSlow, syncWorld, type SyncWorld } from './queue-support';

withPanelDatabase();
afterAll(removeWorlds);

// A host of its own for every test; a test that needs a live revision first publishes one (firstRevision).
let world: SyncWorld;
beforeEach(async () => {
  world = await syncWorld();
});

const live = (file: string) => readFile(path.join(world.dir, 'current', file), 'utf8');
const retry = { baseMs: 60_000, maxMs: 60_000 };

/** Forgets the host this process kept (its saves keep it), as a worker that just started has nothing. */
const forgetKeptHost = (id: string) =>
  (globalThis as unknown as { mailpanelSnapshots: Map<string, unknown> }).mailpanelSnapshots.delete(id);

/** An edit published as revision 1. */
async function firstRevision(): Promise<void> {
  await edit(world);
  expect(await publishHost(world.host.id, 'change', { retry })).toMatchObject({ status: 'succeeded', revision: 1 });
}

describe('publishHost', () => {
  it('publishes revision 1 with every file recorded, and the host in sync', async () => {
    const address = await edit(world);
    const outcome = await publishHost(world.host.id, 'change', { retry });
    expect(outcome).toMatchObject({ status: 'succeeded', revision: 1, behind: false });
    expect(await live('virtusertable')).toContain(address);
    const state = await hostState(world.host.id);
    expect(state).toMatchObject({ liveRevision: 1, failingSince: null, lastError: null });
    expect(state.syncedSeq).toBe(state.changeSeq);

    const [run] = await runsOf(world.host.id);
    expect(run).toMatchObject({ status: 'SUCCEEDED', revision: 1, trigger: 'change', changeSeq: state.changeSeq, error: null });
    expect(Object.keys(run!.phases as object)).toEqual(
      expect.arrayContaining(['load', 'render', 'connect', 'upload', 'build', 'check', 'swap']),
    );
    const files = await db().syncFile.findMany({ where: { runId: run!.id }, orderBy: { name: 'asc' } });
    expect(files.map((f) => f.name)).toEqual(['accounts', 'aliases', 'dovecot-passwd', 'local-host-names', 'virtusertable']);
    for (const f of files) {
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.contentGz).not.toBeNull(); // the first revision keeps every text (the base of later diffs)
    }
  });

  it('reads a host this process does not keep in parts, keeps nothing, and the next change reads it whole once', async () => {
    const address = await edit(world);
    // As a worker that just started: the save's host, kept in this process, forgotten.
    forgetKeptHost(world.host.id);
    expect(await publishHost(world.host.id, 'change', { retry })).toMatchObject({ status: 'succeeded', revision: 1 });
    expect(await live('virtusertable')).toContain(address);
    // The test suites compare such a render with a whole one (MAILPANEL_VERIFY_SNAPSHOT_CACHE): equal here.
    const [first] = await runsOf(world.host.id);
    expect(Object.keys(first!.phases as object)).toEqual(expect.arrayContaining(['load', 'render', 'build', 'swap']));
    expect(isHostKept(world.host.id)).toBe(false);
    const next = await edit(world);
    forgetKeptHost(world.host.id);
    expect(await publishHost(world.host.id, 'change', { retry })).toMatchObject({ status: 'succeeded', revision: 2 });
    expect(await live('virtusertable')).toContain(next);
    expect(isHostKept(world.host.id)).toBe(true);
  });

  it('does nothing when nothing changed', async () => {
    await firstRevision();
    expect(await publishHost(world.host.id, 'change', { retry })).toEqual({ status: 'skipped', reason: 'up-to-date' });
    expect(await runsOf(world.host.id)).toHaveLength(1);
  });

  it('numbers the next revision and keeps only the changes of changed files, which the run page shows', async () => {
    await firstRevision();
    const address = await edit(world);
    const outcome = await publishHost(world.host.id, 'change', { retry });
    expect(outcome).toMatchObject({ status: 'succeeded', revision: 2 });
    const run = await getSyncRun(world.admin, (outcome as { runId: string }).runId);
    const changed = run.files.filter((f) => f.changed).map((f) => f.name);
    expect(changed).toEqual(['virtusertable']);
    // The worker knew the text it published before: the run keeps the diff, not the text.
    const vut = run.files.find((f) => f.name === 'virtusertable')!;
    const diff = parseStoredDiff(vut.diff);
    expect(diff?.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'add').map((l) => l.text))).toEqual([
      expect.stringContaining(address),
    ]);
    expect(vut).toMatchObject({ after: null, before: null });
    // The run page shows it as it shows a diff of two texts: the summary and the added line.
    const page = renderToStaticMarkup(createElement(FileDiff, { name: vut.name, stored: vut.diff, before: vut.before, after: vut.after }));
    expect(page).toContain('+1');
    expect(page).toContain(address);
    expect(page).not.toContain('no longer kept');
    const row = await db().syncFile.findFirstOrThrow({ where: { runId: run.id, name: 'virtusertable' } });
    expect(row.contentGz).toBeNull();
    expect(run.files.find((f) => f.name === 'aliases')).toMatchObject({ changed: false, diff: null, after: null, before: null });
    const { rows } = await listSyncRuns(world.admin, world.host.id);
    expect(rows.map((r) => r.revision)).toEqual([2, 1]);
  });

  it('keeps the whole text of a change when the worker does not know the text before (it restarted)', async () => {
    await firstRevision();
    const address = await edit(world);
    forgetKnownTexts();
    const outcome = await publishHost(world.host.id, 'change', { retry });
    const run = await getSyncRun(world.admin, (outcome as { runId: string }).runId);
    const vut = run.files.find((f) => f.name === 'virtusertable')!;
    expect(vut.diff).toBeNull();
    expect(vut.after).toContain(address);
    expect(vut.before).not.toContain(address);
    expect(vut.before).toContain('@'); // revision 1's text, which the first revision kept
    const page = renderToStaticMarkup(createElement(FileDiff, { name: vut.name, stored: vut.diff, before: vut.before, after: vut.after }));
    expect(page).toContain(address);
    expect(page).not.toContain('no longer kept');
  });

  it("records a failed build with the tool's own text, leaves the previous revision live, and backs off", async () => {
    await firstRevision();
    const before = await live('virtusertable');
    const address = await edit(world);
    await setFailing(world, true);
    try {
      const outcome = await publishHost(world.host.id, 'change', { retry });
      expect(outcome).toMatchObject({ status: 'failed', phase: 'build', failures: 1, retryInMs: 60_000 });
      expect(await live('virtusertable')).toBe(before);
      // The failed revision's files are gone from the host's disk: only revisions that were live stay.
      expect((await readdir(world.dir)).filter((name) => name.startsWith('.rev-'))).toEqual([]);
      const failed = (await runsOf(world.host.id)).at(-1)!;
      expect(failed).toMatchObject({ status: 'FAILED', revision: null, failedPhase: 'build' });
      expect(failed.error).toContain('simulated failure: disk quota exceeded');
      const state = await hostState(world.host.id);
      expect(state.failingSince).not.toBeNull();
      expect(state.lastError).toMatch(/^build: .*simulated failure/);
      expect(state.syncedSeq).toBeLessThan(state.changeSeq);

      // Within the backoff an automatic attempt waits; "Sync now" (manual) goes ahead.
      expect(await publishHost(world.host.id, 'retry', { retry })).toMatchObject({ status: 'deferred' });
      expect(await publishHost(world.host.id, 'manual', { retry })).toMatchObject({ status: 'failed', failures: 2 });
    } finally {
      await setFailing(world, false);
    }
    expect(await publishHost(world.host.id, 'manual', { retry })).toMatchObject({ status: 'succeeded', revision: 2 });
    expect(await live('virtusertable')).toContain(address);
    expect(await hostState(world.host.id)).toMatchObject({ failingSince: null, lastError: null, liveRevision: 2 });
  });

  it("records a render that refuses a value as failed in render, in the renderer's words, and leaves the revision live", async () => {
    await firstRevision();
    const before = await live('virtusertable');
    // A name no form lets through (the renderer's own last check, lib/mailmaps/common.ts), put in by hand.
    const [domain] = await db().$queryRaw<{ name: string }[]>`
      SELECT name FROM "Domain" WHERE "mailHostId" = ${world.host.id}::uuid AND enabled ORDER BY name LIMIT 1`;
    const bad = `under_score-${unique('d')}.example`;
    const rename = (from: string, to: string) => db().$executeRaw`
      UPDATE "Domain" SET name = ${to} WHERE "mailHostId" = ${world.host.id}::uuid AND name = ${from}`;
    await rename(domain!.name, bad);
    await db().$executeRaw`UPDATE "MailHost" SET "changeSeq" = "changeSeq" + 1 WHERE id = ${world.host.id}::uuid`;
    try {
      const outcome = await publishHost(world.host.id, 'change', { retry });
      expect(outcome).toMatchObject({ status: 'failed', phase: 'render' });
      expect((outcome as { error: string }).error).toContain(`${bad}" is not a lower-case A-label`);
      expect(await live('virtusertable')).toBe(before);
      expect((await runsOf(world.host.id)).at(-1)).toMatchObject({ status: 'FAILED', revision: null, failedPhase: 'render' });
    } finally {
      await rename(bad, domain!.name);
    }
    await db().$executeRaw`UPDATE "MailHost" SET "changeSeq" = "changeSeq" + 1 WHERE id = ${world.host.id}::uuid`;
    expect(await publishHost(world.host.id, 'manual', { retry })).toMatchObject({ status: 'succeeded', revision: 2 });
  });

  it('never runs two publishes of one host at once: the second finds the lock taken', async () => {
    await edit(world);
    const lock = await tryLockHost(world.host.id);
    expect(lock).not.toBeNull();
    try {
      expect(await publishHost(world.host.id, 'change', { retry })).toEqual({ status: 'busy' });
    } finally {
      await lock!.release();
    }
    await setSlow(world, 0.3);
    try {
      await edit(world);
      const [a, b] = await Promise.all([publishHost(world.host.id, 'change', { retry }), publishHost(world.host.id, 'manual', { retry })]);
      expect([a.status, b.status].sort()).toEqual(['busy', 'succeeded']);
    } finally {
      await setSlow(world, 0);
    }
  });

  it('closes a run a dead worker left RUNNING when the next publish starts', async () => {
    const state = await hostState(world.host.id);
    const orphan = await db().syncRun.create({
      data: { mailHostId: world.host.id, changeSeq: state.changeSeq, status: 'RUNNING', trigger: 'change' },
    });
    await edit(world);
    expect(await publishHost(world.host.id, 'change', { retry })).toMatchObject({ status: 'succeeded' });
    expect(await db().syncRun.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({
      status: 'FAILED',
      failedPhase: 'interrupted',
    });
  });

  it("diffs a file against nothing when the revision before did not have it, not against an older one's text", async () => {
    // An autoreply's script published at revision 1, gone at 2, back at 3 (rows as a worker that restarted
    // in between keeps them: whole texts, no diff).
    const run = async (revision: number, files: { name: string; text: string }[]) =>
      db().syncRun.create({
        data: {
          mailHostId: world.host.id,
          revision,
          changeSeq: 1n,
          status: 'SUCCEEDED',
          files: {
            create: files.map((f) => ({
              name: f.name,
              sha256: 'x'.repeat(64),
              size: f.text.length,
              changed: true,
              contentGz: gzipSync(f.text),
            })),
          },
        },
      });
    await run(1, [
      { name: 'ta-joe.sieve', text: 'old script\n' },
      { name: 'virtual', text: 'a\n' },
    ]);
    await run(2, [{ name: 'virtual', text: 'b\n' }]);
    const third = await run(3, [
      { name: 'ta-joe.sieve', text: 'new script\n' },
      { name: 'virtual', text: 'c\n' },
    ]);
    const files = (await getSyncRun(world.admin, third.id)).files;
    expect(files.find((f) => f.name === 'ta-joe.sieve')).toMatchObject({ before: '', after: 'new script\n' });
    expect(files.find((f) => f.name === 'virtual')).toMatchObject({ before: 'b\n', after: 'c\n' });
  });

  it('the drift check republishes a live file removed by hand, and only then', async () => {
    await firstRevision();
    expect(await publishHost(world.host.id, 'check', { retry })).toEqual({ status: 'skipped', reason: 'no-drift' });
    const good = await live('aliases');
    await rm(path.join(world.dir, 'current', 'aliases'));
    expect(await publishHost(world.host.id, 'check', { retry })).toMatchObject({ status: 'succeeded' });
    expect(await live('aliases')).toBe(good);
    expect((await runsOf(world.host.id)).at(-1)).toMatchObject({ trigger: 'drift', status: 'SUCCEEDED' });
    expect(await publishHost(world.host.id, 'check', { retry })).toEqual({ status: 'skipped', reason: 'no-drift' });
  });

  it('the drift check republishes a live file changed by hand', async () => {
    await firstRevision();
    const runs = (await runsOf(world.host.id)).length;
    const file = path.join(world.dir, 'current', 'virtusertable');
    const good = await readFile(file, 'utf8');
    await writeFile(file, `${good}intruder@${world.domain.name}\tevil@elsewhere.example\n`);
    const outcome = await publishHost(world.host.id, 'check', { retry });
    expect(outcome).toMatchObject({ status: 'succeeded' });
    expect(await live('virtusertable')).toBe(good);
    const drift = (await runsOf(world.host.id)).at(-1)!;
    expect(drift).toMatchObject({ trigger: 'drift', status: 'SUCCEEDED' });
    expect(await runsOf(world.host.id)).toHaveLength(runs + 1);
  });

  it('Sync now and the drift check answer to the database itself, not to the host data this process kept', async () => {
    await edit(world);
    expect(await publishHost(world.host.id, 'change', { retry })).toMatchObject({ status: 'succeeded' }); // kept here now
    // Rows written past the panel, without a changeSeq bump: a kept snapshot would not show them.
    const byHand = async () => {
      const localPart = unique('byhand');
      await db().virtmap.create({
        data: { domainId: world.domain.id, localPart, targetKind: 'EXTERNAL', targetValue: 'someone@elsewhere.example' },
      });
      return `${localPart}@${world.domain.name}`;
    };
    const first = await byHand();
    expect(await publishHost(world.host.id, 'manual', { retry })).toMatchObject({ status: 'succeeded' });
    expect(await live('virtusertable')).toContain(first);
    const second = await byHand();
    expect(await publishHost(world.host.id, 'check', { retry })).toMatchObject({ status: 'succeeded' });
    expect(await live('virtusertable')).toContain(second);
    expect((await runsOf(world.host.id)).at(-1)).toMatchObject({ trigger: 'drift', status: 'SUCCEEDED' });
  });

  it('skips a disabled host and an unknown one', async () => {
    expect(await publishHost('00000000-0000-0000-0000-000000000001', 'manual')).toEqual({ status: 'skipped', reason: 'not-found' });
    await db().mailHost.update({ where: { id: world.host.id }, data: { enabled: false } });
    try {
      expect(await publishHost(world.host.id, 'manual')).toEqual({ status: 'skipped', reason: 'disabled' });
    } finally {
      await db().mailHost.update({ where: { id: world.host.id }, data: { enabled: true } });
    }
  });
});
