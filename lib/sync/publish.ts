import { availableParallelism } from 'node:os';
import { shardBase } from '../mail/map-shards';
import type { HostSettings } from '../validation/host-settings';
import { BuildFailure, buildFile, checkFile, checkPatch, checkRegexp, patchFile } from './publish-build';
import { livePatch } from './publish-patch';
import { shardLayoutProblems } from './shard-config';
import type { MapPatch } from './map-patch';
import { checkWrittenFiles } from './publish-files-check';
import { hashOfText, knownText, placeOf, rememberLive } from './known-texts';
import { asPublishError, PublishError, type PublishPhase } from './publish-error';
import {
  isUnchanged,
  linkUnchanged,
  nudgeReaders,
  parsePending,
  passwdWriteOptions,
  prune,
  readLive,
  RELOAD_PENDING,
  wholeSeconds,
} from './publish-live';
import {
  CURRENT,
  MANIFEST,
  PASSWD_FILE,
  badFileName,
  buildFingerprint,
  fileRole,
  isBuilt,
  isStaging,
  revisionDirName,
  type FileRole,
  type Manifest,
  type PublishFlavor,
} from './publish-layout';
import type { Transport } from '../transport/transport';

// Publishing one revision of a host's files (DOMAIN.md "Mail hosts", docs/publishing.md):
//   prepare  read what is live (`current` -> rev-<K> and its manifest), clear leftovers of a killed run;
//            refuse maps in shards the MTA's configuration does not name (shard-config.ts)
//   upload   a new directory .rev-<N>.tmp beside the live one: changed files written (temp + rename),
//            unchanged ones hard-linked from rev-<K> together with their built .db (not rewritten)
//   build    makemap / postmap / postalias into that directory (never in place); a small change to a map
//            patches a copy of the live .db instead (publish-patch.ts), which its check then looks up
//   check    exit codes, the .db exists, a few known lookups or a dump against the text
//   swap     rename .rev-<N>.tmp -> rev-<N>, then ONE atomic switch: a new symlink renamed over `current`
//   reload   the configured reload commands, if any file they watch changed
//   prune    old revisions beyond settings.keepRevisions
// In "files only" mode (settings.publishMode 'files': a host without the MTA's tools, such as the demo host
// of a first start) build and reload run no command, and check reads every file back with the panel's own
// parsers (publish-files-check.ts); the layout, the manifest and the one atomic switch are the same.
// Until the switch nothing the MTAs read has changed, so any failure or kill before it leaves rev-<K> live
// and complete; after it, rev-<N> is live and complete. Never a mix: every reader resolves `current` once
// per open, to one directory.

export type { PublishFlavor } from './publish-layout';
export { PublishError, type PublishPhase } from './publish-error';
export { liveHashes, liveRevision } from './publish-live';

export interface PublishedFile {
  name: string;
  sha256: string;
  size: number;
  /** False when the live revision held the same bytes (the file was hard-linked, not rewritten or rebuilt). */
  changed: boolean;
  /** A built map whose .db is the live one's copy, patched with the changed entries (not built whole). */
  patched: boolean;
  content: string;
  /** A changed file's text in the revision that was live, when this process knows it (known-texts.ts). */
  before?: string;
}

export interface PublishResult {
  /** The revision now live (`<mapDir>/current -> rev-<N>`). */
  revision: number;
  files: PublishedFile[];
  /** Milliseconds per phase: prepare, upload, build, check, swap, reload, prune (the caller may add render). */
  phases: Record<string, number>;
  /** What went wrong after the switch without undoing it (an old revision that could not be pruned…). */
  warnings: string[];
}

export interface PublishOptions {
  /** Called as each phase starts (progress for the UI; the fault tests kill the process here). */
  onPhase?: (phase: PublishPhase) => void | Promise<void>;
}

/**
 * Builds and checks in flight at once. Over SSH each command costs a session and the remote shell's start
 * (docs/publishing.md, figures: "SSH command"); locally makemap/postmap are CPU-bound and the big map
 * dominates anyway.
 */
const PARALLEL = 4;

interface Plan {
  name: string;
  role: FileRole;
  content: string;
  hash: string;
  size: number;
  changed: boolean;
  /** Built and checked in this revision (changed, or a hard link that could not be made). */
  rebuild: boolean;
  /** Built by patching a copy of the live .db with these changes. */
  patch?: MapPatch;
}

/**
 * The files to publish: all of them at once, or handed over one by one as a whole render makes them
 * (lib/sync/render-host.ts, hostFileSteps), where a `null` is a pause the render makes so the files
 * already handed over can move on. Every file is written, built and checked as soon as it comes, a few at
 * a time, so the builds of the first files run while the render makes the rest.
 */
export type PublishFiles =
  | Record<string, string>
  | Iterable<readonly [name: string, text: string] | null>
  | AsyncIterable<readonly [name: string, text: string] | null>;

export async function publish(
  transport: Transport,
  settings: HostSettings,
  flavor: PublishFlavor,
  files: PublishFiles,
  revision: number,
  options: PublishOptions = {},
): Promise<PublishResult> {
  if (!Number.isSafeInteger(revision) || revision < 1)
    throw new PublishError('prepare', `revision ${revision} is not a positive integer`, '');
  const source = isFileRecord(files) ? recordFiles(files) : files;
  const { phases, step } = phaseClock(options);
  const warnings: string[] = [];
  const root = settings.mapDir;
  const at = (...parts: string[]) => [root, ...parts].join('/');
  const ctx: Publishing = { transport, settings, flavor, at, staging: at(`.rev-${revision}.tmp`), plans: [], warnings };

  const { live, target, pending } = await step('prepare', () => prepare(ctx, revision));
  const plans = await discardStagingOnFailure(ctx, async () => {
    const written = await publishFiles(ctx, source, live, step);
    if (settings.publishMode === 'files') await step('check', () => checkWrittenFiles(transport, flavor, ctx.staging, written));
    return written;
  });
  ctx.plans = plans;
  // Files changed by this publish, and by an earlier one whose reload never ran (killed, or failed after
  // its switch): the reload commands watching them still have to run.
  const changed = new Set([...plans.filter((p) => p.changed).map((p) => p.name), ...pending]);
  // Each changed file's text in the revision that was live, where this process knows it: the run keeps
  // the diff against it (a file the live revision did not have was empty).
  const place = placeOf(transport, settings.mapDir);
  const befores = new Map(plans.filter((p) => p.changed).map((p) => [p.name, liveText(place, p.name, live)]));
  await step('swap', () => swap(ctx, { revision, flavor, live, target, changed, warnings }));
  rememberLive(
    place,
    plans.map((p) => ({ name: p.name, content: p.content, hash: p.hash })),
  );
  await step('reload', () => reload(ctx, changed), true);
  await step('prune', () => prune(transport, root, target, settings.keepRevisions, warnings));

  return {
    revision,
    files: plans.map((p) => ({
      name: p.name,
      sha256: p.hash,
      size: p.size,
      changed: p.changed,
      patched: !!p.patch,
      content: p.content,
      ...befores.get(p.name),
    })),
    phases,
    warnings,
  };
}

/**
 * A revision that failed before its switch (a render that refused a value, a build or check that failed)
 * is removed at once, not left for the next publish's prepare: a map directory holds only revisions that
 * were live, and the disk does not keep a copy of the host's maps for a run that failed. Where even the
 * removal fails (the connection is gone) the next prepare clears it; the publish's own error is thrown.
 */
async function discardStagingOnFailure<T>(ctx: Publishing, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await ctx.transport.remove(ctx.staging).catch(() => {});
    throw error;
  }
}

const isFileRecord = (files: PublishFiles): files is Record<string, string> =>
  typeof (files as Iterable<unknown>)[Symbol.iterator] !== 'function' &&
  typeof (files as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function';

/** A record's files in name order, every name refused before anything is touched if one is bad. */
function recordFiles(files: Record<string, string>): [string, string][] {
  for (const name of Object.keys(files)) {
    const bad = badFileName(name);
    if (bad) throw new PublishError('prepare', bad, '');
  }
  return Object.keys(files)
    .sort()
    .map((name) => [name, files[name] ?? '']);
}

/** A file's text in the live revision (what its manifest recorded), if this process knows it. */
function liveText(place: string, name: string, live: Live): { before?: string } {
  if (!live.manifest) return {};
  const hash = live.manifest.files[name]?.sha256;
  const before = hash === undefined ? '' : knownText(place, name, hash);
  return before === null ? {} : { before };
}

/** What every phase works with: the transport, the host's settings, paths under mapDir, and the plans. */
interface Publishing {
  transport: Transport;
  settings: HostSettings;
  flavor: PublishFlavor;
  at: (...parts: string[]) => string;
  /** The new revision's directory until the switch (`.rev-<N>.tmp`). */
  staging: string;
  plans: Plan[];
  /** What went wrong without failing the publish (PublishResult.warnings). */
  warnings: string[];
}

type Live = Awaited<ReturnType<typeof readLive>>;

type Step = ReturnType<typeof phaseClock>['step'];

/**
 * Runs each phase under its name: times it, reports it to onPhase, and names it in any failure. Files
 * move through upload, build and check each on its own, so a phase may run for several files at once: its
 * time is from its first start to its last end, and onPhase is told once, as it first starts. Nothing
 * enters a phase until onPhase has returned for it and for every phase told before it (a caller that
 * holds a phase holds every file at its door: the fault tests kill the process there).
 */
function phaseClock(options: PublishOptions) {
  const phases: Record<string, number> = {};
  const spans = new Map<string, { from: number; to: number }>();
  const told = new Map<string, Promise<void>>();
  let last: Promise<void> = Promise.resolve();
  const step = async <T>(phase: PublishPhase, work: () => Promise<T>, swapped = false): Promise<T> => {
    let door = told.get(phase);
    if (!door) {
      door = last = last.then(() => options.onPhase?.(phase));
      told.set(phase, door);
    }
    await door;
    const started = performance.now();
    const span = spans.get(phase) ?? { from: started, to: started };
    spans.set(phase, span);
    try {
      return await work();
    } catch (error) {
      throw asPublishError(phase, error, swapped);
    } finally {
      span.to = Math.max(span.to, performance.now());
      phases[phase] = Math.round(span.to - span.from);
    }
  };
  return { phases, step };
}

/** prepare: what is live, the new revision's directory name, and leftovers of a killed run cleared. */
async function prepare({ transport, settings, flavor, at }: Publishing, revision: number) {
  if (settings.publishMode !== 'files') await checkShardLayout(transport, settings, flavor);
  await transport.mkdir(settings.mapDir);
  const live = await readLive(transport, settings.mapDir);
  const entries = await transport.list(settings.mapDir);
  for (const name of entries) if (isStaging(name)) await transport.remove(at(name));
  const target = revisionDirName(revision, live.dir, entries);
  if (entries.includes(target)) await transport.remove(at(target)); // built by a run killed before its switch
  const pending = parsePending((await transport.readFile(at(RELOAD_PENDING)))?.toString('utf8'));
  return { live, target, pending };
}

/** Fails the publish before anything is written when the MTA's configuration names another shard layout. */
async function checkShardLayout(transport: Transport, settings: HostSettings, flavor: PublishFlavor): Promise<void> {
  const spec = settings.commands.readConfig;
  if (!spec) return;
  const result = await transport.run(spec.argv, { timeoutMs: settings.commandTimeoutMs });
  if (result.code !== 0) {
    const output = `$ ${spec.argv.join(' ')}\n${result.stderr}`.trimEnd();
    throw new PublishError('prepare', `reading the MTA's configuration failed (exit ${result.code})`, output);
  }
  const problems = shardLayoutProblems(result.stdout, flavor, settings.mapDir, settings.mapShards);
  if (problems.length) throw new PublishError('prepare', problems.join(' '), `$ ${spec.argv.join(' ')}`);
}

/**
 * upload, build and check, file by file as the files come: each is written into staging (or hard-linked
 * from the live revision when unchanged; where a map can be patched the live .db is copied beside its new
 * text), then built and checked; PARALLEL writes at a time, and PARALLEL builds and checks once every file
 * has come. The next file is taken while those run: what makes it (a render) and their commands share the
 * machine. After a failure no file is taken and no step started; the ones under way finish, and the
 * failure of the earliest file is thrown. Returns the plans in name order.
 */
async function publishFiles(
  ctx: Publishing,
  source: Iterable<readonly [string, string] | null> | AsyncIterable<readonly [string, string] | null>,
  live: Live,
  step: Step,
): Promise<Plan[]> {
  const { transport, settings, flavor, staging } = ctx;
  const place = placeOf(transport, settings.mapDir);
  await step('upload', () => transport.mkdir(staging));
  // The passwd-file's group and mode, read once, when it comes.
  let passwd: ReturnType<typeof passwdWriteOptions> | undefined;
  const passwdOptions = () => (passwd ??= passwdWriteOptions(transport, settings, live.dir ? ctx.at(live.dir, PASSWD_FILE) : null));
  const plans: Plan[] = [];
  const names = new Set<string>();
  const failures = new Map<number, unknown>();
  // Writes wait on the disk (each its fsync): a few at once. Builds and checks take a core each: where they
  // run on this machine, as many at a time as there are cores the render (the main thread's work) leaves,
  // at least one, while the source still makes files, so they do not crowd the render off its core
  // (measured on 2 cores: four builds at once beside the render made it 40 % slower, two gained nothing
  // over one); PARALLEL once every file has come. Over SSH they run on the mail host: PARALLEL from the start.
  const besideRender = transport.runsHere ? Math.min(PARALLEL, Math.max(1, availableParallelism() - 1)) : PARALLEL;
  const lanes: Lanes = { writes: new Slots(PARALLEL), commands: new Slots(besideRender), failed: () => failures.size > 0 };
  const underWay = new Set<Promise<void>>();
  try {
    for await (const item of source) {
      if (failures.size > 0) break;
      if (item !== null) {
        const [name, content] = item;
        const bad = badFileName(name) ?? (names.has(name) ? `${name} is handed over twice` : null);
        if (bad) throw new PublishError('upload', bad, '');
        names.add(name);
        const plan: Plan = {
          name,
          role: fileRole(flavor, name),
          content,
          hash: hashOfText(place, name, content),
          size: Buffer.byteLength(content),
          changed: true,
          rebuild: true,
        };
        const index = plans.push(plan) - 1;
        const work = fileSteps(ctx, plan, live, passwdOptions, step, lanes)
          .catch((error: unknown) => void failures.set(index, error))
          .finally(() => underWay.delete(work));
        underWay.add(work);
      }
      // A turn of the event loop: the files under way take their next steps before the next one is made.
      await new Promise((resolve) => setImmediate(resolve));
    }
    lanes.commands.widen(PARALLEL - besideRender);
  } finally {
    await Promise.allSettled([...underWay]);
  }
  if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
  return plans.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Where a file's steps wait their turn; after a failure, no step starts. */
interface Lanes {
  writes: Slots;
  commands: Slots;
  failed: () => boolean;
}

/** One file: written (or linked), then built and checked where it is a map, a regexp table or aliases. */
async function fileSteps(
  ctx: Publishing,
  plan: Plan,
  live: Live,
  passwd: () => ReturnType<typeof passwdWriteOptions>,
  step: Step,
  lanes: Lanes,
) {
  const { transport, settings, flavor, at, staging } = ctx;
  await lanes.writes.run(() => (lanes.failed() ? Promise.resolve() : upload()));
  if (lanes.failed() || settings.publishMode === 'files' || !plan.rebuild) return;
  await lanes.commands.run(() => (lanes.failed() ? Promise.resolve() : buildAndCheck()));

  function upload() {
    return step('upload', async () => {
      if (
        live.dir &&
        (await isUnchanged(transport, at(live.dir), live.manifest, plan)) &&
        (await linkUnchanged(transport, at(live.dir), staging, plan))
      ) {
        plan.changed = false;
        plan.rebuild = false;
        return;
      }
      plan.changed = live.manifest?.files[plan.name]?.sha256 !== plan.hash;
      const opts = plan.role === 'secret' ? await passwd() : { mode: 0o644 };
      await transport.writeFile(`${staging}/${plan.name}`, plan.content, opts);
      if (plan.changed && live.dir)
        plan.patch = (await livePatch(transport, settings, at(live.dir), live.manifest, staging, { ...plan, flavor })) ?? undefined;
    });
  }

  async function buildAndCheck() {
    const file = `${staging}/${plan.name}`;
    if (isBuilt(plan.role)) {
      const role = plan.role as 'map' | 'aliases';
      const output = await step('build', () =>
        plan.patch ? patchOrBuild(ctx, plan, role, file) : buildFile(transport, settings, role, file, plan.content),
      );
      await step('check', () => checkFile(transport, settings, role, file, plan.content, output));
    } else if (plan.role === 'regexp') await step('check', () => checkRegexp(transport, settings, file));
  }
}

/**
 * A patch, and the lookup of every key it changed; if the map's tools refuse it or answer otherwise, the
 * map is built whole after all (a warning says why: the host's patch commands may be wrong). Anything
 * else, such as a lost connection, fails the publish as a failed build does.
 */
async function patchOrBuild({ transport, settings, warnings }: Publishing, plan: Plan, role: 'map' | 'aliases', file: string) {
  try {
    const output = await patchFile(transport, settings, role, file, plan.patch!);
    await checkPatch(transport, settings, role, file, plan.patch!);
    return output;
  } catch (error) {
    if (!(error instanceof BuildFailure)) throw error;
    warnings.push(`${plan.name}: the patch of the live map failed, so it was built whole: ${error.message}\n${error.toolOutput}`.trim());
    plan.patch = undefined;
    await transport.remove(`${file}.db`);
    return buildFile(transport, settings, role, file, plan.content);
  }
}

/** swap: the manifest, then staging renamed to rev-<N> and ONE atomic switch of `current` to it. */
/**
 * What the manifest says of a built file's .db (a later patch starts only from one it vouches for): built
 * or patched by this publish, the host's build now; linked from the live revision, what the live manifest
 * said, but only if the .db is still the one it described (same size and mtime): one edited by hand is
 * not vouched for, so the map's next change builds it whole.
 */
function vouchedDb(plan: Plan, now: { size: number; mtime: number }, flavor: PublishFlavor, settings: HostSettings, live: Live) {
  if (plan.rebuild)
    return { build: buildFingerprint(flavor, plan.role === 'map' ? settings.commands.buildMap : settings.commands.buildAliases), ...now };
  const before = live.manifest?.files[plan.name]?.db;
  return before && before.size === now.size && before.mtime === now.mtime ? before : null;
}

async function swap(
  { transport, settings, at, staging, plans }: Publishing,
  run: { revision: number; flavor: PublishFlavor; live: Live; target: string; changed: Set<string>; warnings: string[] },
) {
  const { live, target, changed } = run;
  const manifest: Manifest = { revision: run.revision, flavor: run.flavor, files: {} };
  for (const p of plans) {
    const stat = isBuilt(p.role) && settings.publishMode === 'full' ? await transport.stat(`${staging}/${p.name}.db`) : null;
    const db = stat ? vouchedDb(p, { size: stat.size, mtime: wholeSeconds(stat.mtimeMs) ?? 0 }, run.flavor, settings, run.live) : null;
    manifest.files[p.name] = {
      sha256: p.hash,
      size: p.size,
      mtime: wholeSeconds((await transport.stat(`${staging}/${p.name}`))?.mtimeMs),
      ...(db ? { db } : {}),
    };
  }
  await transport.writeFile(`${staging}/${MANIFEST}`, JSON.stringify(manifest, null, 1) + '\n', { mode: 0o644 });
  // Another publisher switched meanwhile (the queue should make this impossible): do not go back in time.
  const now = await transport.readlink(at(CURRENT));
  if (now !== live.target)
    throw new PublishError('swap', `${at(CURRENT)} changed during the publish (${live.target ?? 'none'} -> ${now ?? 'none'})`, '');
  if (changed.size > 0) await transport.writeFile(at(RELOAD_PENDING), JSON.stringify([...changed].sort()) + '\n');
  await transport.rename(staging, at(target));
  await transport.remove(at('.current.tmp'));
  await transport.symlink(target, at('.current.tmp'));
  await transport.rename(at('.current.tmp'), at(CURRENT));
  if (live.dir) await nudgeReaders(transport, at(live.dir), plans, run.warnings);
}

/** reload: the reload commands watching a changed file; the pending mark goes once they all ran. */
async function reload({ transport, settings, at }: Publishing, changed: Set<string>) {
  if (changed.size === 0) return;
  const commands = settings.publishMode === 'files' ? [] : settings.commands.reload;
  // A command watching a sharded map watches each of its shards (`virtual` watches `virtual.07`).
  const bases = new Set([...changed].map(shardBase));
  for (const command of commands) {
    if (command.when && !command.when.some((name) => changed.has(name) || bases.has(name))) continue;
    const result = await transport.run(command.argv, { timeoutMs: settings.commandTimeoutMs });
    if (result.code !== 0)
      throw new BuildFailure(
        `reload command failed (exit ${result.code})`,
        `$ ${command.argv.join(' ')}\n${result.stderr}${result.stdout}`.trimEnd(),
      );
  }
  await transport.remove(at(RELOAD_PENDING));
}

/** At most `width` pieces of work at once; the others wait their turn in order. The width may grow. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(width: number) {
    this.free = width;
  }
  async run(work: () => Promise<void>): Promise<void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      await work();
    } finally {
      this.release();
    }
  }
  widen(by: number): void {
    for (let i = 0; i < by; i++) this.release();
  }
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}
