import { randomBytes } from 'node:crypto';
import { Client, type ClientChannel, type SFTPWrapper, type Stats } from 'ssh2';
import { shellQuote, TransportError, type FileStat, type RunOptions, type RunResult, type Transport, type WriteOptions } from './transport';
import { sftpCall, readAll, writeAll } from './sftp-io';
import { hostKeyFingerprint, KEY_TYPES, parsePublicKey } from '../crypto/ssh-public-key';

export { hostKeyFingerprint, parsePublicKey } from '../crypto/ssh-public-key';

// The SSH transport: key authentication only, the host key pinned (MailHost.sshHostKey). A host that
// presents any other key is refused before authentication: a mail host is infrastructure, its key does
// not change silently. Files go over SFTP (write to a temporary name, then posix-rename); commands over
// exec, each argument quoted for the remote shell (exec takes one string), nothing else is ever run.

export interface SshTarget {
  host: string;
  port: number;
  user: string;
  /** OpenSSH or PEM private key text (the panel's key for this host). */
  privateKey: string | Buffer;
  /** The pinned host key, one OpenSSH public key line: "ssh-ed25519 AAAA…" (a comment after it is ignored). */
  pinnedHostKey: string;
  /** Connection and handshake timeout, default 15 s. */
  readyTimeoutMs?: number;
}

function keyLine(blob: Buffer): string {
  const length = blob.readUInt32BE(0);
  return `${blob.subarray(4, 4 + length).toString('latin1')} ${blob.toString('base64')}`;
}

/** Connects, verifies the host key against the pinned one, authenticates with the key, opens SFTP. */
export async function connectSsh(target: SshTarget): Promise<Transport> {
  const pinned = parsePublicKey(target.pinnedHostKey);
  const description = `ssh ${target.user}@${target.host}:${target.port}`;
  const client = new Client();
  let refusal: string | undefined;
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => {
      // Every SFTP request is a small packet waiting for its answer: Nagle + delayed ACK would stall each one
      // (docs/publishing.md, figures: "SFTP packets").
      client.setNoDelay(true);
      resolve();
    });
    // `on`, not `once`: after a handshake timeout ssh2 emits a second error ("Connection lost before
    // handshake"), and an unhandled 'error' event would take the whole server process down. The first
    // one rejects; later ones are ignored here (the connection is being dropped anyway).
    client.on('error', (error) =>
      reject(new TransportError(description, 'connect', refusal ?? error.message, refusal ? 'HOST_KEY' : undefined)),
    );
    client.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      privateKey: target.privateKey,
      authHandler: ['publickey'],
      readyTimeout: target.readyTimeoutMs ?? 15_000,
      keepaliveInterval: 10_000,
      keepaliveCountMax: 3,
      // Ask for the pinned key's type, so a server with several host keys shows the one we know.
      algorithms: { serverHostKey: KEY_TYPES[pinned.type] as never },
      hostVerifier: (presented: Buffer) => {
        if (presented.equals(pinned.blob)) return true;
        refusal = `host key changed: expected ${hostKeyFingerprint(pinned.blob)}, got ${hostKeyFingerprint(presented)} (${keyLine(presented).slice(0, 24)}…). Refusing to connect; if the host was really reinstalled, pin its new key in the panel.`;
        return false;
      },
    });
  });
  return new SshTransport(description, client, await openSftp(client, description));
}

/** The SFTP session every file operation uses; the connection is ended if it cannot be opened. */
async function openSftp(client: Client, description: string): Promise<SFTPWrapper> {
  try {
    return await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, s) => (error ? reject(error) : resolve(s))));
  } catch (error) {
    client.end();
    throw new TransportError(description, 'sftp', (error as Error).message);
  }
}

/** The key a server presents (for the admin to compare and pin): "ssh-ed25519 AAAA…". Never logs in. */
export async function fetchHostKey(host: string, port: number, keyType = 'ssh-ed25519'): Promise<string> {
  const client = new Client();
  let seen: string | undefined;
  await new Promise<void>((resolve) => {
    client.on('error', () => resolve()); // `on`: ssh2 may emit a second error after a timeout
    client.once('close', () => resolve());
    client.connect({
      host,
      port,
      username: 'mailpanel-host-key-scan',
      readyTimeout: 15_000,
      algorithms: { serverHostKey: (KEY_TYPES[keyType] ?? [keyType]) as never },
      hostVerifier: (presented: Buffer) => {
        seen = keyLine(presented);
        return false;
      },
    });
  });
  client.end();
  if (!seen) throw new Error(`${host}:${port} presented no ${keyType} host key`);
  return seen;
}

class SshTransport implements Transport {
  private closed: Error | undefined;
  /** Rejects when the connection goes: ssh2 does not always fail SFTP requests in flight (measured: a cut
   * connection left a write waiting forever), so every operation races this. */
  private readonly lost: Promise<never>;

  constructor(
    readonly description: string,
    private readonly client: Client,
    private readonly sftp: SFTPWrapper,
  ) {
    let fail: (error: Error) => void = () => undefined;
    this.lost = new Promise<never>((_, reject) => (fail = reject));
    this.lost.catch(() => undefined);
    const gone = (error: Error) => {
      this.closed ??= error;
      fail(this.closed);
    };
    client.on('close', () => gone(new Error('the SSH connection closed')));
    client.on('error', gone);
  }

  private lostConnection(): Error | undefined {
    return this.closed;
  }

  private async op<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new TransportError(this.description, operation, this.closed.message, 'CLOSED');
    try {
      return await Promise.race([work(), this.lost]);
    } catch (error) {
      if (error instanceof TransportError) throw error;
      const e = error as Error & { code?: number | string };
      const lost = this.lostConnection();
      throw new TransportError(
        this.description,
        operation,
        lost && lost !== e ? `${e.message} (${lost.message})` : e.message,
        e.code === undefined ? undefined : String(e.code),
      );
    }
  }

  readFile(path: string): Promise<Buffer | null> {
    return this.op(`read ${path}`, async () => {
      try {
        return await readAll(this.sftp, path);
      } catch (error) {
        if (isNoSuchFile(error)) return null;
        throw error;
      }
    });
  }

  writeFile(path: string, data: Buffer | string, opts: WriteOptions = {}): Promise<void> {
    return this.op(`write ${path}`, async () => {
      const slash = path.lastIndexOf('/');
      const temporary = `${path.slice(0, slash)}/.${path.slice(slash + 1)}.tmp-${randomBytes(6).toString('hex')}`;
      try {
        await writeAll(this.sftp, temporary, typeof data === 'string' ? Buffer.from(data) : data, opts);
        await sftpCall<void>((cb) => this.sftp.ext_openssh_rename(temporary, path, cb));
      } catch (error) {
        await sftpCall<void>((cb) => this.sftp.unlink(temporary, cb)).catch(() => undefined);
        throw error;
      }
    });
  }

  rename(from: string, to: string): Promise<void> {
    return this.op(`rename ${from} -> ${to}`, () => sftpCall<void>((cb) => this.sftp.ext_openssh_rename(from, to, cb)));
  }

  symlink(target: string, path: string): Promise<void> {
    return this.op(`symlink ${path} -> ${target}`, () => sftpCall<void>((cb) => this.sftp.symlink(target, path, cb)));
  }

  readlink(path: string): Promise<string | null> {
    return this.op(`readlink ${path}`, async () => {
      const stat = await this.lstat(path);
      if (!stat) return null;
      if (!stat.isSymbolicLink()) throw new Error(`${path} is not a symlink`);
      return sftpCall<string>((cb) => this.sftp.readlink(path, cb));
    });
  }

  mkdir(path: string): Promise<void> {
    return this.op(`mkdir ${path}`, async () => {
      const parts = path.split('/').filter((p) => p !== '');
      for (let i = 1; i <= parts.length; i++) {
        const prefix = `/${parts.slice(0, i).join('/')}`;
        const stat = await this.stat(prefix);
        if (stat?.isDirectory) continue;
        await sftpCall<void>((cb) => this.sftp.mkdir(prefix, cb));
      }
    });
  }

  remove(path: string): Promise<void> {
    return this.op(`remove ${path}`, () => this.removeTree(path));
  }

  private async removeTree(path: string): Promise<void> {
    const stat = await this.lstat(path);
    if (!stat) return;
    if (!stat.isDirectory()) return sftpCall<void>((cb) => this.sftp.unlink(path, cb));
    for (const name of await this.list(path)) await this.removeTree(`${path}/${name}`);
    await sftpCall<void>((cb) => this.sftp.rmdir(path, cb));
  }

  list(dir: string): Promise<string[]> {
    return this.op(`list ${dir}`, async () => {
      try {
        const entries = await sftpCall<Array<{ filename: string }>>((cb) => this.sftp.readdir(dir, cb));
        return entries.map((e) => e.filename).filter((n) => n !== '.' && n !== '..');
      } catch (error) {
        if (isNoSuchFile(error)) return [];
        throw error;
      }
    });
  }

  link(existing: string, path: string): Promise<void> {
    return this.op(`link ${path} -> ${existing}`, () => sftpCall<void>((cb) => this.sftp.ext_openssh_hardlink(existing, path, cb)));
  }

  private async lstat(path: string): Promise<Stats | null> {
    try {
      return await sftpCall<Stats>((cb) => this.sftp.lstat(path, cb));
    } catch (error) {
      if (isNoSuchFile(error)) return null;
      throw error;
    }
  }

  stat(path: string): Promise<FileStat | null> {
    return this.op(`stat ${path}`, async () => {
      const s = await this.lstat(path);
      return (
        s && { size: s.size, mtimeMs: s.mtime * 1000, isFile: s.isFile(), isDirectory: s.isDirectory(), isSymbolicLink: s.isSymbolicLink() }
      );
    });
  }

  /** On the host itself (`cp`): SFTP would move the file there and back. */
  async copyFile(from: string, to: string): Promise<void> {
    // -p: the mode (and owner) as the original's, whatever the remote umask (a map's readers depend on it).
    const result = await this.run(['/bin/cp', '-p', '--', from, to]);
    if (result.code !== 0)
      throw new TransportError(this.description, `copy ${from} -> ${to}`, result.stderr.trim() || `cp exited ${result.code}`);
  }

  setMtime(path: string, mtime: Date): Promise<void> {
    return this.op(`utimes ${path}`, () => sftpCall<void>((cb) => this.sftp.utimes(path, mtime, mtime, cb)));
  }

  run(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
    return this.op(`run ${argv[0] ?? ''}`, () => {
      if (argv.length === 0) throw new Error('empty command');
      const command = [
        opts.cwd === undefined ? '' : `cd -- ${shellQuote(opts.cwd)} && `,
        'exec ',
        argv.map(shellQuote).join(' '),
        opts.stdinFile === undefined ? '' : ` < ${shellQuote(opts.stdinFile)}`,
      ].join('');
      return this.exec(command, opts.timeoutMs ?? 600_000);
    });
  }

  private exec(command: string, timeoutMs: number): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (error, stream: ClientChannel) => {
        if (error) return reject(error);
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let code: number | null = null;
        let note = '';
        let settled = false;
        const finish = (result: RunResult) => {
          if (!settled) resolve(result);
          settled = true;
        };
        const timer = setTimeout(() => {
          // OpenSSH ignores the signal request for a command without a terminal: the remote program may run
          // on until it exits; the channel is closed and the caller gets the timeout now.
          note = `\n[timed out after ${timeoutMs} ms; channel closed]`;
          stream.signal('KILL');
          stream.close();
          finish({ code: 124, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') + note });
        }, timeoutMs);
        stream.on('data', (chunk: Buffer) => out.push(chunk));
        stream.stderr.on('data', (chunk: Buffer) => err.push(chunk));
        stream.on('exit', (exitCode: number | null) => (code = exitCode));
        stream.on('close', () => {
          clearTimeout(timer);
          const lost = this.lostConnection();
          if (settled) return;
          if (code === null && lost) {
            settled = true;
            return reject(new Error(`the connection closed while running the command (${lost.message})`));
          }
          finish({ code: code ?? 255, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
        });
        stream.end(); // no input: a command that reads stdin sees end of file
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      this.client.once('close', () => resolve());
      this.sftp.end();
      this.client.end();
    });
  }
}

function isNoSuchFile(error: unknown): boolean {
  return (error as { code?: number }).code === 2;
}
