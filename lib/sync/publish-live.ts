import type { HostSettings } from '../validation/host-settings';
import { PublishError } from './publish-error';
import {
  CURRENT,
  MANIFEST,
  compareRevisionDirs,
  isBuilt,
  parseManifest,
  parseRevisionDir,
  sha256,
  type FileRole,
  type Manifest,
} from './publish-layout';
import type { Transport } from '../transport/transport';

// What is live on a host and the steps of a publish that touch it: reading `current` and its manifest,
// carrying unchanged files over, the passwd-file's mtime, telling readers of replaced maps, pruning.

/** A file of the revision being published, as these steps need it. */
export interface PlannedFile {
  name: string;
  role: FileRole;
  hash: string;
  changed: boolean;
}

export interface Live {
  /** The directory name `current` points at, or null. */
  dir: string | null;
  target: string | null;
  manifest: Manifest | null;
}

/** Beside the revisions: the files whose reload is still owed (written before a switch, removed after the reload). */
export const RELOAD_PENDING = '.reload-pending';

export function parsePending(text: string | undefined): string[] {
  try {
    const value: unknown = text === undefined ? [] : JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export async function readLive(transport: Transport, root: string): Promise<Live> {
  let target: string | null;
  try {
    target = await transport.readlink(`${root}/${CURRENT}`);
  } catch (error) {
    throw new PublishError(
      'prepare',
      `${root}/${CURRENT} exists but is not a symlink: move it away (docs/publishing.md, "Moving an existing host")`,
      String((error as Error).message),
    );
  }
  const dir = target === null ? null : parseRevisionDir(target) ? target : null;
  if (target !== null && dir === null)
    throw new PublishError('prepare', `${root}/${CURRENT} points at ${JSON.stringify(target)}, not at a revision directory`, '');
  const manifest = dir ? parseManifest((await transport.readFile(`${root}/${dir}/${MANIFEST}`))?.toString('utf8')) : null;
  return { dir, target, manifest };
}

/**
 * The live file holds exactly these bytes: the manifest says so, and the file was not touched since (same
 * size and whole-second mtime as recorded), so a hand edit is never carried into the next revision.
 */
export async function isUnchanged(transport: Transport, liveDir: string, manifest: Manifest | null, plan: PlannedFile): Promise<boolean> {
  const recorded = manifest?.files[plan.name];
  if (recorded?.sha256 !== plan.hash || recorded.mtime === undefined) return false;
  const stat = await transport.stat(`${liveDir}/${plan.name}`);
  return stat !== null && stat.isFile && stat.size === recorded.size && wholeSeconds(stat.mtimeMs) === recorded.mtime;
}

export function wholeSeconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.floor(ms / 1000);
}

/** Hard-links an unchanged file (and its built .db) from the live revision; false when that is not possible. */
export async function linkUnchanged(transport: Transport, liveDir: string, staging: string, plan: PlannedFile): Promise<boolean> {
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
export async function passwdWriteOptions(transport: Transport, settings: HostSettings, livePath: string | null) {
  const previous = livePath ? await transport.stat(livePath) : null;
  const floor = previous ? Math.floor(previous.mtimeMs / 1000) * 1000 + 1000 : 0;
  const mtime = new Date(Math.max(Date.now(), floor));
  const group = settings.dovecot.passwdGroup;
  if (group === null) return { mode: 0o600, mtime };
  // Files only: a host without Dovecot has no dovecot group, and nothing there reads the file but its owner.
  const gid = typeof group === 'number' ? group : await groupId(transport, group, settings.publishMode === 'files');
  if (gid === null) return { mode: 0o600, mtime };
  return { mode: 0o640, mtime, gid };
}

async function groupId(transport: Transport, name: string, optional: boolean): Promise<number | null> {
  const text = (await transport.readFile('/etc/group'))?.toString('utf8') ?? '';
  const line = text.split('\n').find((l) => l.startsWith(`${name}:`));
  const gid = Number(line?.split(':')[2]);
  if ((!line || !Number.isInteger(gid)) && optional) return null;
  if (!line || !Number.isInteger(gid))
    throw new PublishError(
      'prepare',
      `group ${name} (“passwd-file group” under the host's Dovecot settings) is not in the host's /etc/group`,
      '',
    );
  return gid;
}

/**
 * Readers that hold a replaced map open notice by its mtime: Postfix daemons restart when an open table's
 * mtime changes (or its link count drops to 0), sendmail reopens a map whose mtime grew. The old file is
 * not unlinked by the switch (rev-<K> is kept), so its mtime is moved forward instead.
 */
export async function nudgeReaders(
  transport: Transport,
  liveDir: string,
  plans: readonly PlannedFile[],
  warnings: string[],
): Promise<void> {
  for (const plan of plans) {
    if (!plan.changed || !isBuilt(plan.role)) continue;
    const old = `${liveDir}/${plan.name}.db`;
    try {
      const stat = await transport.stat(old);
      if (stat) await transport.setMtime(old, new Date(Math.max(Date.now(), Math.floor(stat.mtimeMs / 1000) * 1000 + 1000)));
    } catch (error) {
      warnings.push(
        `could not touch ${old} (readers holding it open notice the change only when it is pruned): ${(error as Error).message}`,
      );
    }
  }
}

export async function prune(transport: Transport, root: string, live: string, keep: number, warnings: string[]): Promise<void> {
  const current = parseRevisionDir(live);
  const revisions = (await transport.list(root))
    .map(parseRevisionDir)
    .filter((r): r is NonNullable<typeof r> => r !== null && r.name !== live);
  const older = revisions
    .filter((r) => current && compareRevisionDirs(r, current) < 0)
    .sort(compareRevisionDirs)
    .reverse();
  const doomed = [...older.slice(keep), ...revisions.filter((r) => !older.includes(r))];
  for (const r of doomed) {
    try {
      await transport.remove(`${root}/${r.name}`);
    } catch (error) {
      warnings.push(`could not prune ${root}/${r.name}: ${(error as Error).message}`);
    }
  }
}

/** The revision `<mapDir>/current` points at, or null when nothing was published yet. */
export async function liveRevision(transport: Transport, settings: HostSettings): Promise<number | null> {
  const live = await readLive(transport, settings.mapDir);
  return live.manifest?.revision ?? (live.dir ? (parseRevisionDir(live.dir)?.revision ?? null) : null);
}

/**
 * For the drift check: sha256 of each live text file, by name, taken on the host (not from the manifest,
 * so a hand edit shows); {} when nothing was ever published. A file the manifest lists but the host lacks
 * is missing from the answer.
 */
export async function liveHashes(transport: Transport, settings: HostSettings): Promise<Record<string, string>> {
  const live = await readLive(transport, settings.mapDir);
  if (!live.dir) return {};
  const dir = `${settings.mapDir}/${live.dir}`;
  const names = (
    live.manifest ? Object.keys(live.manifest.files) : (await transport.list(dir)).filter((n) => !n.startsWith('.') && !n.endsWith('.db'))
  ).sort();
  const onHost = await hashedOnHost(transport, dir, names);
  if (onHost) return onHost;
  const hashes: Record<string, string> = {};
  for (const name of names) {
    const data = await transport.readFile(`${dir}/${name}`);
    if (data) hashes[name] = sha256(data);
  }
  return hashes;
}

const SHA256SUM_LINE = /^([0-9a-f]{64}) [ *](.+)$/;

/**
 * The files' sha256 computed on the host by coreutils' `sha256sum`, so a drift check moves one line per
 * file instead of every file (about 40 MB at a million addresses, over SSH). Null when the host did not
 * answer for every file — no sha256sum, a file missing, a name it escaped — and the caller then reads
 * the files themselves, as before.
 */
async function hashedOnHost(transport: Transport, dir: string, names: string[]): Promise<Record<string, string> | null> {
  if (names.length === 0) return {};
  let result;
  try {
    // `./name`: sha256sum reads standard input for an operand `-`, even after `--`.
    result = await transport.run(['sha256sum', '--', ...names.map((n) => `./${n}`)], { cwd: dir, timeoutMs: 120_000 });
  } catch {
    return null;
  }
  if (result.code !== 0) return null;
  const hashes: Record<string, string> = {};
  for (const line of result.stdout.split('\n')) {
    const m = SHA256SUM_LINE.exec(line);
    const name = m?.[2]?.replace(/^\.\//, '');
    if (m && name !== undefined && names.includes(name)) hashes[name] = m[1]!;
  }
  return names.every((n) => n in hashes) ? hashes : null;
}
