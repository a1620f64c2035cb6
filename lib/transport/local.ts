import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, readdir, readFile, readlink, rename, rm, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { runThroughHelper } from './command-runner';
import { TransportError, type FileStat, type RunOptions, type RunResult, type Transport, type WriteOptions } from './transport';

// The local transport: the panel runs on the mail host (and the embedded default, which publishes under
// .data/mailhost/). node:fs for files; commands as an argv array (no shell), started by a small helper
// process (lib/transport/command-runner.ts).

/** Output beyond this is cut (room for a dump of the biggest maps: docs/publishing.md, figures: "big map text"). */
const MAX_OUTPUT = 256 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 600_000;

export function localTransport(): Transport {
  return new LocalTransport();
}

class LocalTransport implements Transport {
  readonly description = 'local /';
  readonly runsHere = true;
  /** After close() every operation fails and running commands are killed: how a caller aborts a publish. */
  private closed = false;
  /** How to kill each command under way. */
  private readonly running = new Set<() => void>();

  /** `work`'s result, or `missing` when the path does not exist; any other error fails as `operation`. */
  private async unlessMissing<T>(operation: string, missing: T, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return missing;
      this.fail(operation, error);
    }
  }

  private fail(operation: string, error: unknown): never {
    const e = error as NodeJS.ErrnoException;
    throw new TransportError(this.description, operation, e.message ?? String(error), e.code);
  }

  private checked(p: string): string {
    if (this.closed) throw new TransportError(this.description, 'path', 'the transport was closed', 'CLOSED');
    if (!path.isAbsolute(p) || p.includes('\0'))
      throw new TransportError(this.description, 'path', `${JSON.stringify(p)} is not an absolute path`);
    return p;
  }

  async readFile(p: string): Promise<Buffer | null> {
    return this.unlessMissing(`read ${p}`, null, () => readFile(this.checked(p)));
  }

  async writeFile(p: string, data: Buffer | string, opts: WriteOptions = {}): Promise<void> {
    const target = this.checked(p);
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
    try {
      const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, opts.mode ?? 0o644);
      try {
        await handle.writeFile(data);
        if (opts.mode !== undefined) await handle.chmod(opts.mode); // not narrowed by the umask
        if (opts.gid !== undefined) await handle.chown(-1, opts.gid);
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (opts.mtime) await utimes(temporary, opts.mtime, opts.mtime);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      this.fail(`write ${p}`, error);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    await rename(this.checked(from), this.checked(to)).catch((e) => this.fail(`rename ${from} -> ${to}`, e));
  }

  async symlink(target: string, p: string): Promise<void> {
    await symlink(target, this.checked(p)).catch((e) => this.fail(`symlink ${p} -> ${target}`, e));
  }

  async readlink(p: string): Promise<string | null> {
    return this.unlessMissing(`readlink ${p}`, null, () => readlink(this.checked(p)));
  }

  async mkdir(p: string): Promise<void> {
    await mkdir(this.checked(p), { recursive: true }).catch((e) => this.fail(`mkdir ${p}`, e));
  }

  async remove(p: string): Promise<void> {
    await rm(this.checked(p), { recursive: true, force: true }).catch((e) => this.fail(`remove ${p}`, e));
  }

  async list(dir: string): Promise<string[]> {
    return this.unlessMissing(`list ${dir}`, [], () => readdir(this.checked(dir)));
  }

  async link(existing: string, p: string): Promise<void> {
    await link(this.checked(existing), this.checked(p)).catch((e) => this.fail(`link ${p} -> ${existing}`, e));
  }

  async stat(p: string): Promise<FileStat | null> {
    return this.unlessMissing(`stat ${p}`, null, async () => {
      const s = await lstat(this.checked(p));
      return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile(), isDirectory: s.isDirectory(), isSymbolicLink: s.isSymbolicLink() };
    });
  }

  async copyFile(from: string, to: string): Promise<void> {
    // A clone where the filesystem can (XFS, btrfs: an 85 MB map's copy costs nothing), else a copy; as
    // GNU cp does by default, which the SSH transport runs.
    await copyFile(this.checked(from), this.checked(to), constants.COPYFILE_FICLONE).catch((e) => this.fail(`copy ${from} -> ${to}`, e));
  }

  async setMtime(p: string, mtime: Date): Promise<void> {
    await utimes(this.checked(p), mtime, mtime).catch((e) => this.fail(`utimes ${p}`, e));
  }

  async run(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
    const [file, ...args] = argv;
    if (this.closed) throw new TransportError(this.description, 'run', 'the transport was closed', 'CLOSED');
    if (file === undefined) throw new TransportError(this.description, 'run', 'empty command');
    let stdinFile: string | undefined;
    try {
      stdinFile = opts.stdinFile === undefined ? undefined : this.checked(opts.stdinFile);
    } catch (error) {
      return { code: 1, stdout: '', stderr: `cannot open ${opts.stdinFile} for ${file}: ${(error as Error).message}` };
    }
    let kill = () => {};
    const request = { file, args, cwd: opts.cwd, stdinFile, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxOutput: MAX_OUTPUT };
    const done = runThroughHelper(request, (k) => {
      kill = k;
      this.running.add(k);
    });
    try {
      return await done;
    } finally {
      this.running.delete(kill);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const kill of this.running) kill();
  }
}
