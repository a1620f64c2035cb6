import { createHash } from 'node:crypto';
import { currentChangeSeq, loadPublishTarget, loadRenderInput, type PublishTarget } from '../data/sync-host-state';
import { isHostKept } from '../data/snapshot-cache';
import { finishSyncRunFailed, finishSyncRunSucceeded, keepsEveryText, lastFailure, startSyncRun } from '../data/sync-run-record';
import { packText } from '../data/sync-file-text';
import type { PublishTrigger } from './publish-trigger';
import { flavorOf } from '../mail/snapshot';
import { tryLockHost } from './host-lock';
import { hostSettingsOf, openTransport } from '../transport/open-transport';
import { liveHashes, liveRevision, publish, PublishError, type PublishResult } from './publish';
import { hostFileSteps } from './render-host';
import { hostFilesInShards } from './render-in-shards';
import { withHostParts } from '../data/host-parts';
import type { RenderStep } from '../mailmaps/render-reuse';
import { storedDiff, storedText } from './stored-text';
import { DEFAULT_RETRY, nextAttemptAt, retryDelayMs, type RetryPolicy } from './retry-policy';
import type { Transport } from '../transport/transport';

// One publish of one mail host, start to finish (issue 4; DOMAIN.md "Mail hosts"):
//   lock the host (one publisher per host, whichever worker or machine) → decide whether there is anything
//   to do → read the data and its changeSeq in one snapshot → render → open the transport → publish
//   (lib/sync/publish.ts: nothing is swapped unless everything built and checked) → record the run.
// A failure is recorded with the failing phase and the tool's own text; the caller schedules the retry.

export type { PublishTrigger };

export type PublishOutcome =
  | { status: 'busy' }
  | { status: 'skipped'; reason: 'not-found' | 'disabled' | 'up-to-date' | 'no-drift' }
  | { status: 'deferred'; until: Date }
  | {
      status: 'succeeded';
      hostName: string;
      runId: string;
      revision: number;
      changeSeq: bigint;
      behind: boolean;
      ms: number;
      /** Of `ms`, the run's record (its files' texts packed, the revision and the host's state written). */
      recordMs: number;
      warnings: string[];
    }
  | { status: 'failed'; hostName: string; runId: string; phase: string; error: string; failures: number; retryInMs: number };

export interface PublishHostOptions {
  retry?: RetryPolicy;
  /** Past this the transport is closed and the run fails as "timeout". */
  timeoutMs?: number;
}

export async function publishHost(mailHostId: string, trigger: PublishTrigger, options: PublishHostOptions = {}): Promise<PublishOutcome> {
  const lock = await tryLockHost(mailHostId);
  if (!lock) return { status: 'busy' };
  try {
    const abort = new Aborter();
    lock.onLost((error) => abort.fire('lock-lost', `The database connection holding this host's publish lock was lost: ${error.message}`));
    return await publishLocked(mailHostId, trigger, options, abort);
  } finally {
    await lock.release();
  }
}

async function publishLocked(
  mailHostId: string,
  trigger: PublishTrigger,
  options: PublishHostOptions,
  abort: Aborter,
): Promise<PublishOutcome> {
  const host = await loadPublishTarget(mailHostId);
  if (!host) return { status: 'skipped', reason: 'not-found' };
  const pending = host.changeSeq > host.syncedSeq || host.failingSince !== null;
  const refusal = await gate(host, trigger, pending, options.retry ?? DEFAULT_RETRY);
  return refusal ?? run(host, trigger, pending, options, abort);
}

/** Whether this job publishes now, or why not. */
async function gate(host: PublishTarget, trigger: PublishTrigger, pending: boolean, retry: RetryPolicy): Promise<PublishOutcome | null> {
  if (!host.enabled) return { status: 'skipped', reason: 'disabled' };
  // Sync now and a saved host go ahead at once; automatic attempts on a failing host wait for the backoff.
  const forced = trigger === 'manual' || trigger === 'settings';
  if (host.failingSince && !forced) {
    const last = await lastFailure(host.id);
    const until = last ? nextAttemptAt(last.at, last.failures, retry) : null;
    if (until && until.getTime() > Date.now()) return { status: 'deferred', until };
  }
  // Only Sync now publishes a host that is up to date (and check, which compares first).
  if ((trigger === 'change' || trigger === 'retry' || trigger === 'settings') && !pending)
    return { status: 'skipped', reason: 'up-to-date' };
  // A host never published has nothing live to drift from; its first publish comes from a change or Sync now.
  if (trigger === 'check' && !pending && host.liveRevision === 0) return { status: 'skipped', reason: 'up-to-date' };
  return null;
}

/** One attempt's state, shared by its steps: what the failure record needs if any step fails. */
interface Attempt {
  host: PublishTarget;
  trigger: PublishTrigger;
  pending: boolean;
  started: number;
  phases: Record<string, number>;
  /** The phase under way (the publisher's own phases once it runs). */
  phase: string;
  runId: string | null;
  changeSeq: bigint;
  transport: Transport | null;
  /** The files' texts as the run's record keeps them, packed: made once, some before the record (packs). */
  packs: Map<string, ReturnType<typeof packText>>;
  /** Whether this run's record keeps every file's text (the host's first): asked once, before the render. */
  keepsEveryText: boolean;
  /** The time a render shard by shard's reads took (its `load`, overlapping its `render`). */
  readMs: number;
}

async function run(
  host: PublishTarget,
  trigger: PublishTrigger,
  pending: boolean,
  options: PublishHostOptions,
  abort: Aborter,
): Promise<PublishOutcome> {
  const attempt: Attempt = {
    host,
    trigger,
    pending,
    started: Date.now(),
    phases: {},
    phase: 'load',
    runId: null,
    changeSeq: host.changeSeq,
    transport: null,
    packs: new Map(),
    keepsEveryText: false,
    readMs: 0,
  };
  const timer = setTimeout(
    () => abort.fire('timeout', `The publish took longer than ${options.timeoutMs} ms and was stopped.`),
    options.timeoutMs ?? 600_000,
  );
  try {
    return await publishAttempt(attempt, abort);
  } catch (error) {
    return await recordFailure(attempt, error, abort, options.retry ?? DEFAULT_RETRY);
  } finally {
    clearTimeout(timer);
    await attempt.transport?.close().catch(() => {});
  }
}

/** The run of this attempt in the history, opened once (a drift check opens one only if it finds drift). */
const openRun = async (a: Attempt, as: string) => (a.runId ??= (await startSyncRun(a.host.id, as, a.changeSeq)).id);

/**
 * Load, connect, render and publish (the publisher writes and builds each file as the render hands it
 * over), and record the revision. The drift check renders every file first, to compare them with the host's.
 *
 * Two ways to the files, the same bytes. Where this process keeps the host (lib/data/snapshot-cache.ts:
 * it saved or published it lately), a change's publish starts from what is kept, brought forward by the
 * journal and rendered from the older render's pieces, so that it costs the size of the change; the drift
 * check and Sync now, which answer to the database itself, read it whole again and keep that. Where it
 * does not (a worker that just started, a host nobody changed for a while, a host's first publish), the
 * host is read and rendered shard by shard (lib/sync/render-in-shards.ts), which never holds a whole host
 * and keeps nothing: the first change after it reads the host whole once and keeps it.
 */
async function publishAttempt(a: Attempt, abort: Aborter): Promise<PublishOutcome> {
  const { host, trigger, phases } = a;
  const settings = hostSettingsOf(host);
  const flavor = flavorOf(host.flavor);
  const fresh = trigger === 'check' || trigger === 'manual';
  if (isHostKept(host.id) || (!fresh && host.liveRevision > 0)) {
    const input = await timed(phases, 'load', () => loadRenderInput(host.id, { fresh }));
    return publishRendered(a, abort, input.changeSeq, asyncSteps(hostFileSteps(flavor, input.snapshot, settings)));
  }
  // Its reads' time is the run's `load`: they overlap the render (the next chunk is read meanwhile).
  const waited = (ms: number) => void (phases.load = Math.round((a.readMs += ms)));
  return withHostParts(host.id, (reader, changeSeq) =>
    publishRendered(a, abort, changeSeq, hostFilesInShards(flavor, settings, reader, { waited })),
  );
}

/** The render's files, published at `changeSeq` (see publishAttempt). */
async function publishRendered(
  a: Attempt,
  abort: Aborter,
  changeSeq: bigint,
  rendered: AsyncGenerator<RenderStep, void, void>,
): Promise<PublishOutcome> {
  const { host, trigger, pending, phases } = a;
  a.changeSeq = changeSeq;
  if (trigger !== 'check' || pending) await openRun(a, trigger);
  const settings = hostSettingsOf(host);
  const flavor = flavorOf(host.flavor);
  // A host's first record keeps every file's text: packed while the last builds run, not after the switch.
  a.keepsEveryText = await keepsEveryText(host.id);
  const steps = renderSteps(a, rendered, a.keepsEveryText);
  const compared = trigger === 'check' && !pending;
  // The drift check needs every file before it compares; a publish takes them as they come.
  const files = compared ? await filesOfSteps(steps) : steps;
  a.phase = 'connect';
  const transport = await timed(phases, 'connect', () => openTransport(host));
  a.transport = transport;
  // A timeout or a lost lock closes the connection, which fails whatever step is under way. (The steps are
  // awaited, never abandoned, so the lock is not released while this publish could still swap files.)
  abort.onFire(() => void a.transport?.close());
  if (compared) {
    a.phase = 'compare';
    const live = await timed(phases, 'compare', () => liveHashes(transport, settings));
    if (sameFiles(files as Record<string, string>, live)) return { status: 'skipped', reason: 'no-drift' };
    await openRun(a, 'drift');
  }
  const revision = Math.max(host.liveRevision, (await liveRevision(transport, settings)) ?? 0) + 1;
  const result = await publish(transport, settings, flavor, files, revision, {
    onPhase: (p) => void (a.phase = p),
  });
  return recordSuccess(a, result);
}

/** A whole render's steps as the render shard by shard hands its files over: one at a time, awaited. */
async function* asyncSteps(steps: Generator<RenderStep, void, void>): AsyncGenerator<RenderStep, void, void> {
  yield* steps;
}

/** Every file the steps hand over, by name. */
async function filesOfSteps(steps: AsyncIterable<RenderStep>): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for await (const step of steps) if (step) files[step[0]] = step[1];
  return files;
}

/**
 * The render's steps, its time in `phases.render` (the time spent making files, between the publisher's
 * own steps, with its waits for the reads of a render shard by shard), and a failure of it reported as the render's
 * (RenderFailure), whatever phase the publisher is in. With `packEarly`, every file's text is packed for
 * the record once the render is done, while the publisher builds and checks the last files (the main
 * thread would otherwise wait for them).
 */
async function* renderSteps(
  a: Attempt,
  steps: AsyncGenerator<RenderStep, void, void>,
  packEarly: boolean,
): AsyncGenerator<RenderStep, void, void> {
  let spent = 0;
  const handed: [string, string][] = [];
  try {
    for (;;) {
      const t = performance.now();
      let next: IteratorResult<RenderStep, void>;
      try {
        next = await steps.next();
      } catch (error) {
        throw new RenderFailure(error);
      } finally {
        spent += performance.now() - t;
        a.phases.render = Math.round(spent);
      }
      if (next.done) break;
      if (next.value && packEarly) handed.push([next.value[0], next.value[1]]);
      yield next.value;
    }
  } finally {
    await steps.return();
  }
  if (packEarly) void packAll(a, handed);
}

/** Each file's text as the record keeps it, packed once (lib/sync/stored-text.ts, lib/data/sync-file-text.ts). */
function packOf(a: Attempt, name: string, content: string): ReturnType<typeof packText> {
  let packed = a.packs.get(name);
  if (!packed) {
    packed = packText(storedText(name, content));
    // Handled here too: a publish that fails never asks for it.
    packed.catch(() => undefined);
    a.packs.set(name, packed);
  }
  return packed;
}

/** packOf for every file, one a turn of the event loop (the passwd-file's hashes are fingerprinted in this thread). */
async function packAll(a: Attempt, files: [string, string][]): Promise<void> {
  for (const [name, content] of files) {
    packOf(a, name, content);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A render that failed (a value no map may hold): the run fails in "render" with the renderer's words. */
class RenderFailure extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

async function recordSuccess(a: Attempt, result: PublishResult): Promise<PublishOutcome> {
  const { changeSeq } = a;
  const runPhases = { ...a.phases, ...result.phases };
  // A changed file whose text before is known keeps only its diff (a one-line change of a 50 MB map was
  // seconds of packing its text); the others keep their text, made only if it is kept.
  const recorded = result.files.map((f) => ({
    name: f.name,
    sha256: f.sha256,
    size: f.size,
    changed: f.changed,
    ...(f.changed && f.before !== undefined ? { diff: storedDiff(f.name, f.before, f.content) } : {}),
    packed: () => packOf(a, f.name, f.content),
  }));
  const recording = performance.now();
  await finishSyncRunSucceeded(a.runId!, a.host.id, {
    revision: result.revision,
    changeSeq,
    phases: runPhases,
    files: recorded,
    keepsEveryText: a.keepsEveryText,
  });
  const recordMs = Math.round(performance.now() - recording);
  const behind = (await currentChangeSeq(a.host.id)) > changeSeq;
  return {
    status: 'succeeded',
    hostName: a.host.name,
    runId: a.runId!,
    revision: result.revision,
    changeSeq,
    behind,
    ms: Date.now() - a.started,
    recordMs,
    warnings: result.warnings,
  };
}

/** The failed run, with its phase and the tool's text; after the switch, the revision that IS live. */
async function recordFailure(a: Attempt, error: unknown, abort: Aborter, retry: RetryPolicy): Promise<PublishOutcome> {
  const { host, changeSeq } = a;
  const failure = describeFailure(error, a.phase, abort);
  const id = await openRun(a, a.trigger === 'check' ? 'drift' : a.trigger);
  const live =
    error instanceof PublishError && error.swapped
      ? { revision: await liveRevision(a.transport!, hostSettingsOf(host)).catch(() => null), changeSeq }
      : null;
  const { failures } = await finishSyncRunFailed(id, host.id, {
    ...failure,
    phases: a.phases,
    ...(live?.revision ? { live: { revision: live.revision, changeSeq } } : {}),
  });
  return { status: 'failed', hostName: host.name, runId: id, ...failure, failures, retryInMs: retryDelayMs(failures, retry) };
}

function sameFiles(files: Record<string, string>, live: Record<string, string>): boolean {
  const names = Object.keys(files);
  if (names.length !== Object.keys(live).length) return false;
  return names.every(
    (name) =>
      live[name] ===
      createHash('sha256')
        .update(files[name] ?? '', 'utf8')
        .digest('hex'),
  );
}

function describeFailure(error: unknown, phase: string, abort: Aborter): { phase: string; error: string } {
  if (error instanceof RenderFailure && !abort.reason) return { phase: 'render', error: error.message };
  const text =
    error instanceof PublishError ? error.toolOutput.trim() || error.message : error instanceof Error ? error.message : String(error);
  if (abort.reason) return { phase: abort.reason, error: `${abort.message}\n${text}` };
  return { phase: error instanceof PublishError ? error.phase : phase, error: text };
}

async function timed<T>(phases: Record<string, number>, name: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await fn();
  } finally {
    phases[name] = Math.round(performance.now() - t);
  }
}

/** Stops a publish from outside (timeout, lost lock) by closing its transport. */
class Aborter {
  reason: string | null = null;
  message = '';
  private listeners: (() => void)[] = [];

  fire(reason: string, message: string): void {
    if (this.reason) return;
    this.reason = reason;
    this.message = message;
    for (const listener of this.listeners) listener();
  }

  onFire(listener: () => void): void {
    if (this.reason) listener();
    else this.listeners.push(listener);
  }
}
