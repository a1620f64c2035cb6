import { BuildFailure, buildFile, checkFile, checkRegexp } from './publish-build';
import type { HostSettings } from './host-settings';
import {
  CURRENT, MANIFEST, PASSWD_FILE, badFileName, compareRevisionDirs, fileRole, isBuilt, isStaging, parseManifest,
  parseRevisionDir, revisionDirName, sha256, type FileRole, type Manifest, type PublishFlavor,
} from './publish-layout';
import { TransportError, type RunResult, type Transport } from './transport';

// Publishing one revision of a host's files (DOMAIN.md "Mail hosts", docs/publishing.md):
//   prepare  read what is live (`current` -> rev-<K> and its manifest), clear leftovers of a killed run
//   upload   a new directory .rev-<N>.tmp beside the live one: changed files written (temp + rename),
//            unchanged ones hard-linked from rev-<K> together with their built .db (not rewritten)
//   build    makemap / sendmail -bi / postmap / postalias into that directory (never in place)
//   check    exit codes, the .db exists, a few known lookups or a dump against the text
//   swap     rename .rev-<N>.tmp -> rev-<N>, then ONE atomic switch: a new symlink renamed over `current`
//   reload   the configured reload commands, if any file they watch changed
//   prune    old revisions beyond settings.keepRevisions
// Until the switch nothing the MTAs read has changed, so any failure or kill before it leaves rev-<K> live
// and complete; after it, rev-<N> is live and complete. Never a mix: every reader resolves `current` once
// per open, to one directory.

export type { PublishFlavor } from './publish-layout';

export interface PublishedFile {
  name: string;
  sha256: string;
  size: number;
  /** False when the live revision held the same bytes (the file was hard-linked, not rewritten or rebuilt). */
  changed: boolean;
  content: string;
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

export type PublishPhase = 'prepare' | 'upload' | 'build' | 'check' | 'swap' | 'reload' | 'prune';

export class PublishError extends Error {
  override name = 'PublishError';
  constructor(
    readonly phase: PublishPhase | string,
    message: string,
    /** The tool's own error text (stderr and stdout), or the system's message for a file operation. */
    readonly toolOutput: string,
    /** True only when the failure came after the switch (reload): the new revision IS live. */
    readonly swapped = false,
  ) {
    super(message);
  }
}

export interface PublishOptions {
  /** Called as each phase starts (progress for the UI; the fault tests kill the process here). */
  onPhase?: (phase: PublishPhase) => void | Promise<void>;
}

/**
 * Builds and checks in flight at once. Over SSH each command costs a session and the remote shell's start
 * (~150-250 ms measured); locally makemap/postmap are CPU-bound and the big map dominates anyway.
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
}

interface Live {
  /** The directory name `current` points at, or null. */
  dir: string | null;
  target: string | null;
  manifest: Manifest | null;
}

export async function publish(
  transport: Transport,
  settings: HostSettings,
  flavor: PublishFlavor,
  files: Record<string, string>,
  revision: number,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const phases: Record<string, number> = {};
  const warnings: string[] = [];
  const step = async <T>(phase: PublishPhase, work: () => Promise<T>, swapped = false): Promise<T> => {
    await options.onPhase?.(phase);
    const started = performance.now();
    try {
      return await work();
    } catch (error) {
      throw asPublishError(phase, error, swapped);
    } finally {
      phases[phase] = Math.round(performance.now() - started);
    }
  };
  const root = settings.mapDir;
  const at = (...parts: string[]) => [root, ...parts].join('/');

  if (!Number.isSafeInteger(revision) || revision < 1) throw new PublishError('prepare', `revision ${revision} is not a positive integer`, '');
  for (const name of Object.keys(files)) {
    const bad = badFileName(name);
    if (bad) throw new PublishError('prepare', bad, '');
  }
  const plans: Plan[] = Object.keys(files).sort().map((name) => {
    const content = files[name] ?? '';
    return { name, role: fileRole(flavor, name), content, hash: sha256(content), size: Buffer.byteLength(content), changed: true, rebuild: true };
  });

  const { live, target, passwd } = await step('prepare', async () => {
    await transport.mkdir(root);
    const live = await readLive(transport, root);
    const entries = await transport.list(root);
    for (const name of entries) if (isStaging(name)) await transport.remove(at(name));
    const target = revisionDirName(revision, live.dir, entries);
    if (entries.includes(target)) await transport.remove(at(target)); // built by a run killed before its switch
    const passwd = PASSWD_FILE in files ? await passwdWriteOptions(transport, settings, live.dir ? at(live.dir, PASSWD_FILE) : null) : undefined;
    return { live, target, passwd };
  });
  const staging = at(`.rev-${revision}.tmp`);

  await step('upload', async () => {
    await transport.mkdir(staging);
    for (const plan of plans) {
      if (live.dir && (await isUnchanged(transport, at(live.dir), live.manifest, plan)) && (await linkUnchanged(transport, at(live.dir), staging, plan))) {
        plan.changed = false;
        plan.rebuild = false;
        continue;
      }
      plan.changed = live.manifest?.files[plan.name]?.sha256 !== plan.hash;
      const opts = plan.role === 'secret' ? passwd : { mode: 0o644 };
      await transport.writeFile(`${staging}/${plan.name}`, plan.content, opts);
    }
  });

  const built = plans.filter((p) => p.rebuild && isBuilt(p.role));
  const outputs = await step('build', async () => {
    const results = new Map<string, RunResult>();
    await inParallel(built, PARALLEL, async (plan) => {
      results.set(plan.name, await buildFile(transport, settings, plan.role as 'map' | 'aliases', `${staging}/${plan.name}`));
    });
    return results;
  });

  await step('check', async () => {
    await inParallel(built, PARALLEL, async (plan) => {
      const output = outputs.get(plan.name) ?? { code: 0, stdout: '', stderr: '' };
      await checkFile(transport, settings, plan.role as 'map' | 'aliases', `${staging}/${plan.name}`, plan.content, output);
    });
    for (const plan of plans) if (plan.rebuild && plan.role === 'regexp') await checkRegexp(transport, settings, `${staging}/${plan.name}`);
  });

  await step('swap', async () => {
    const manifest: Manifest = { revision, flavor, files: {} };
    for (const p of plans) manifest.files[p.name] = { sha256: p.hash, size: p.size, mtime: wholeSeconds((await transport.stat(`${staging}/${p.name}`))?.mtimeMs) };
    await transport.writeFile(`${staging}/${MANIFEST}`, JSON.stringify(manifest, null, 1) + '\n', { mode: 0o644 });
    // Another publisher switched meanwhile (the queue should make this impossible): do not go back in time.
    const now = await transport.readlink(at(CURRENT));
    if (now !== live.target) throw new PublishError('swap', `${at(CURRENT)} changed during the publish (${live.target ?? 'none'} -> ${now ?? 'none'})`, '');
    await transport.rename(staging, at(target));
    await transport.remove(at('.current.tmp'));
    await transport.symlink(target, at('.current.tmp'));
    await transport.rename(at('.current.tmp'), at(CURRENT));
    if (live.dir) await nudgeReaders(transport, at(live.dir), plans, warnings);
  });

  const changed = new Set(plans.filter((p) => p.changed).map((p) => p.name));
  await step('reload', async () => {
    if (changed.size === 0) return;
    for (const command of settings.commands.reload) {
      if (command.when && !command.when.some((name) => changed.has(name))) continue;
      const result = await transport.run(command.argv, { timeoutMs: settings.commandTimeoutMs });
      if (result.code !== 0) throw new BuildFailure(`reload command failed (exit ${result.code})`, `$ ${command.argv.join(' ')}\n${result.stderr}${result.stdout}`.trimEnd());
    }
  }, true);

  await step('prune', () => prune(transport, root, target, settings.keepRevisions, warnings));

  return {
    revision,
    files: plans.map((p) => ({ name: p.name, sha256: p.hash, size: p.size, changed: p.changed, content: p.content })),
    phases,
    warnings,
  };
}

async function readLive(transport: Transport, root: string): Promise<Live> {
  let target: string | null;
  try {
    target = await transport.readlink(`${root}/${CURRENT}`);
  } catch (error) {
    throw new PublishError('prepare', `${root}/${CURRENT} exists but is not a symlink: move it away (docs/publishing.md, "Moving an existing host")`, String((error as Error).message));
  }
  const dir = target === null ? null : parseRevisionDir(target) ? target : null;
  if (target !== null && dir === null) throw new PublishError('prepare', `${root}/${CURRENT} points at ${JSON.stringify(target)}, not at a revision directory`, '');
  const manifest = dir ? parseManifest((await transport.readFile(`${root}/${dir}/${MANIFEST}`))?.toString('utf8')) : null;
  return { dir, target, manifest };
}

/**
 * The live file holds exactly these bytes: the manifest says so, and the file was not touched since (same
 * size and whole-second mtime as recorded), so a hand edit is never carried into the next revision.
 */
async function isUnchanged(transport: Transport, liveDir: string, manifest: Manifest | null, plan: Plan): Promise<boolean> {
  const recorded = manifest?.files[plan.name];
  if (recorded?.sha256 !== plan.hash || recorded.mtime === undefined) return false;
  const stat = await transport.stat(`${liveDir}/${plan.name}`);
  return stat !== null && stat.isFile && stat.size === recorded.size && wholeSeconds(stat.mtimeMs) === recorded.mtime;
}

function wholeSeconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.floor(ms / 1000);
}

/** Hard-links an unchanged file (and its built .db) from the live revision; false when that is not possible. */
async function linkUnchanged(transport: Transport, liveDir: string, staging: string, plan: Plan): Promise<boolean> {
  const names = isBuilt(plan.role) ? [plan.name, `${plan.name}.db`] : [plan.name];
  try {
    for (const name of names) await transport.link(`${liveDir}/${name}`, `${staging}/${name}`);
    return true;
  } catch {
    for (const name of names) await transport.remove(`${staging}/${name}`);
    return false;
  }
}

/**
 * Dovecot re-reads a passwd-file only when its whole-second mtime or its size changed, and a changed
 * password keeps the size: the new file gets an mtime at least one second after the live one's. Mode 0640
 * with Dovecot's group (the file holds hashes), or 0600 without a group.
 */
async function passwdWriteOptions(transport: Transport, settings: HostSettings, livePath: string | null) {
  const previous = livePath ? await transport.stat(livePath) : null;
  const floor = previous ? Math.floor(previous.mtimeMs / 1000) * 1000 + 1000 : 0;
  const mtime = new Date(Math.max(Date.now(), floor));
  const group = settings.dovecot.passwdGroup;
  if (group === null) return { mode: 0o600, mtime };
  const gid = typeof group === 'number' ? group : await groupId(transport, group);
  return { mode: 0o640, mtime, gid };
}

async function groupId(transport: Transport, name: string): Promise<number> {
  const text = (await transport.readFile('/etc/group'))?.toString('utf8') ?? '';
  const line = text.split('\n').find((l) => l.startsWith(`${name}:`));
  const gid = Number(line?.split(':')[2]);
  if (!line || !Number.isInteger(gid)) throw new PublishError('prepare', `group ${name} (settings.dovecot.passwdGroup) is not in the host's /etc/group`, '');
  return gid;
}

/**
 * Readers that hold a replaced map open notice by its mtime: Postfix daemons restart when an open table's
 * mtime changes (or its link count drops to 0), sendmail reopens a map whose mtime grew. The old file is
 * not unlinked by the switch (rev-<K> is kept), so its mtime is moved forward instead.
 */
async function nudgeReaders(transport: Transport, liveDir: string, plans: Plan[], warnings: string[]): Promise<void> {
  for (const plan of plans) {
    if (!plan.changed || !isBuilt(plan.role)) continue;
    const old = `${liveDir}/${plan.name}.db`;
    try {
      const stat = await transport.stat(old);
      if (stat) await transport.setMtime(old, new Date(Math.max(Date.now(), Math.floor(stat.mtimeMs / 1000) * 1000 + 1000)));
    } catch (error) {
      warnings.push(`could not touch ${old} (readers holding it open notice the change only when it is pruned): ${(error as Error).message}`);
    }
  }
}

async function prune(transport: Transport, root: string, live: string, keep: number, warnings: string[]): Promise<void> {
  const current = parseRevisionDir(live);
  const revisions = (await transport.list(root)).map(parseRevisionDir).filter((r): r is NonNullable<typeof r> => r !== null && r.name !== live);
  const older = revisions.filter((r) => current && compareRevisionDirs(r, current) < 0).sort(compareRevisionDirs).reverse();
  const doomed = [...older.slice(keep), ...revisions.filter((r) => !older.includes(r))];
  for (const r of doomed) {
    try {
      await transport.remove(`${root}/${r.name}`);
    } catch (error) {
      warnings.push(`could not prune ${root}/${r.name}: ${(error as Error).message}`);
    }
  }
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

function asPublishError(phase: PublishPhase, error: unknown, swapped: boolean): PublishError {
  if (error instanceof PublishError) return error;
  if (error instanceof BuildFailure) return new PublishError(phase, error.message, error.toolOutput, swapped);
  if (error instanceof TransportError) return new PublishError(phase, `${phase}: ${error.operation} failed`, error.message, swapped);
  return new PublishError(phase, `${phase}: ${(error as Error).message ?? String(error)}`, String((error as Error).stack ?? error), swapped);
}

/** The revision `<mapDir>/current` points at, or null when nothing was published yet. */
export async function liveRevision(transport: Transport, settings: HostSettings): Promise<number | null> {
  const live = await readLive(transport, settings.mapDir);
  return live.manifest?.revision ?? (live.dir ? (parseRevisionDir(live.dir)?.revision ?? null) : null);
}

/**
 * For the drift check: sha256 of each live text file, by name, read from the host (not from the manifest,
 * so a hand edit shows); {} when nothing was ever published. A file the manifest lists but the host lacks
 * is missing from the answer.
 */
export async function liveHashes(transport: Transport, settings: HostSettings): Promise<Record<string, string>> {
  const live = await readLive(transport, settings.mapDir);
  if (!live.dir) return {};
  const dir = `${settings.mapDir}/${live.dir}`;
  const names = live.manifest ? Object.keys(live.manifest.files) : (await transport.list(dir)).filter((n) => !n.startsWith('.') && !n.endsWith('.db'));
  const hashes: Record<string, string> = {};
  for (const name of names.sort()) {
    const data = await transport.readFile(`${dir}/${name}`);
    if (data) hashes[name] = sha256(data);
  }
  return hashes;
}
