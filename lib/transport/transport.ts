// How the sync job reaches a mail host: the few file and process operations a publish needs, the same for
// the local filesystem (the panel runs on the mail host) and for SSH (SFTP for files, exec for commands).
// Implementations: lib/transport/local.ts (`localTransport`) and lib/transport/ssh.ts
// (`connectSsh`, host key pinned). Paths are absolute paths on the mail host.

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  /** A file on the mail host given to the command as its standard input (`makemap hash x < x`). */
  stdinFile?: string;
}

export interface WriteOptions {
  mode?: number;
  mtime?: Date;
  /** Group owner (numeric gid), e.g. Dovecot's group for the passwd-file of hashes (mode 0640). */
  gid?: number;
}

/** What lstat says about a path (a symlink is not followed). */
export interface FileStat {
  size: number;
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

export interface Transport {
  /** "local /path" or "ssh user@host:port". */
  readonly description: string;
  /**
   * True when its commands run on this machine (the local transport): a build then takes a core the
   * panel's own render could use (lib/sync/publish.ts runs one at a time beside a render). Over SSH they
   * run on the mail host.
   */
  readonly runsHere?: boolean;
  /** The whole file, or null when it does not exist. */
  readFile(path: string): Promise<Buffer | null>;
  /** Writes a temporary file beside `path` (mode, gid, flushed to disk, mtime), then renames it into place. */
  writeFile(path: string, data: Buffer | string, opts?: WriteOptions): Promise<void>;
  /** rename(2): atomic on one filesystem, replaces `to` (a file, a symlink or an empty directory). */
  rename(from: string, to: string): Promise<void>;
  /** Creates the symlink `path` pointing at `target` (fails when `path` exists). */
  symlink(target: string, path: string): Promise<void>;
  /** The target of a symlink, or null when `path` does not exist; throws when it is not a symlink. */
  readlink(path: string): Promise<string | null>;
  /** mkdir -p. */
  mkdir(path: string): Promise<void>;
  /** rm -rf: recursive, a missing path is fine. */
  remove(path: string): Promise<void>;
  /** The names in a directory (no "." or ".."); [] when it does not exist. */
  list(dir: string): Promise<string[]>;
  /** Runs a program with arguments, no shell in between; a non-zero exit is a result, not an error. */
  run(argv: string[], opts?: RunOptions): Promise<RunResult>;
  /** Closes the connection (no-op for the local transport). */
  close(): Promise<void>;

  // Beyond the first contract (lib/sync/publish.ts needs them; both transports implement them):
  /** A hard link `path` to the existing file `existing` (how unchanged files join a new revision). */
  link(existing: string, path: string): Promise<void>;
  /** lstat, or null when the path does not exist. */
  stat(path: string): Promise<FileStat | null>;
  /** Sets a file's modification (and access) time. */
  setMtime(path: string, mtime: Date): Promise<void>;
  /** A copy of the file `from` at `to` (its own inode: a patch of it leaves `from` as it was), mode kept. */
  copyFile(from: string, to: string): Promise<void>;
}

/** A transport operation that failed: the host, the operation and the system's own message. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly transport: string,
    readonly operation: string,
    message: string,
    readonly code?: string,
  ) {
    super(`${transport}: ${operation}: ${message}`);
  }
}

/** `'…'` quoting for a POSIX shell: the only safe way to pass an argument through SSH exec's one string. */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new Error('an argument may not contain a NUL byte');
  return /^[A-Za-z0-9_\/.,:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
