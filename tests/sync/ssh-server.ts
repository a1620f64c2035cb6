// A private OpenSSH server for the SSH transport tests: its own host keys, sshd_config and authorized_keys
// under .data/sshd-*/, listening on a free loopback port, started as `sshd -D -e -f CONFIG` (foreground,
// log on stderr). The system's sshd, /etc/ssh and port 22 are never used. Needs
// `bash tests/sync/install-openssh.sh` (root). The tests log in as root with a key made here, because the
// publish commands they run (nsenter into the sendmail lab, chown to Dovecot's group) need root.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const OPENSSH_INSTALL_COMMAND = 'bash tests/sync/install-openssh.sh';
const SSHD = '/usr/sbin/sshd';

export function requireOpenssh(): void {
  const missing = [SSHD, '/usr/bin/ssh-keygen', '/usr/lib/openssh/sftp-server'].filter((f) => !existsSync(f));
  if (missing.length > 0)
    throw new Error(`OpenSSH's server is not installed (missing ${missing.join(', ')}): run \`${OPENSSH_INSTALL_COMMAND}\` as root first`);
  if (process.getuid?.() !== 0) throw new Error('the SSH tests run as root (a private sshd, logins as root)');
}

export interface KeyPair {
  privateKey: string;
  /** "ssh-ed25519 AAAA… comment" */
  publicKey: string;
}

export async function makeKeyPair(dir: string, name: string): Promise<KeyPair> {
  const file = path.join(dir, name);
  await run('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `mailpanel-test-${name}`, '-f', file]);
  return { privateKey: await readFile(file, 'utf8'), publicKey: (await readFile(`${file}.pub`, 'utf8')).trim() };
}

export class SshServer {
  private process: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
    /** The server's host key line (what the panel pins). */
    public hostKey: string,
    readonly client: KeyPair,
  ) {}

  /** A mail host's transport fields for this server, as an admin sets one up: root, this host key pinned, a key the panel generates. */
  panelTransport() {
    return {
      transport: 'SSH' as const,
      sshHost: '127.0.0.1',
      sshPort: this.port,
      sshUser: 'root',
      sshHostKey: this.hostKey,
      sshKey: 'generate' as const,
    };
  }

  /** Lets the panel's key in: appends a host's public key to authorized_keys. */
  async authorize(publicKey: string): Promise<void> {
    await appendFile(path.join(this.dir, 'authorized_keys'), `${publicKey}\n`);
  }

  static async start(): Promise<SshServer> {
    requireOpenssh();
    await mkdir('.data', { recursive: true });
    const dir = await mkdtemp(path.resolve('.data', 'sshd-'));
    // sshd's compiled-in privilege separation directory; the package's service would create it the same way.
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    const host = await makeKeyPair(dir, 'host_ed25519');
    const client = await makeKeyPair(dir, 'client');
    await writeFile(path.join(dir, 'authorized_keys'), `${client.publicKey}\n`, { mode: 0o600 });
    const server = new SshServer(dir, await freePort(), host.publicKey.split(' ').slice(0, 2).join(' '), client);
    await server.launch('host_ed25519');
    return server;
  }

  /** Restarts with a new host key (a reinstalled host, or an impostor): returns the new key line. */
  async changeHostKey(): Promise<string> {
    await this.stop();
    const name = `host_${Date.now().toString(36)}`;
    const fresh = await makeKeyPair(this.dir, name);
    this.hostKey = fresh.publicKey.split(' ').slice(0, 2).join(' ');
    await this.launch(name);
    return this.hostKey;
  }

  private async launch(keyFile: string): Promise<void> {
    const hostKeyFile = path.join(this.dir, keyFile);
    const config = path.join(this.dir, 'sshd_config');
    await writeFile(
      config,
      [
        `Port ${this.port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKeyFile}`,
        `PidFile ${path.join(this.dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${path.join(this.dir, 'authorized_keys')}`,
        'AuthenticationMethods publickey',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'UsePAM no',
        'StrictModes yes',
        'MaxSessions 32',
        'MaxStartups 64',
        'LogLevel VERBOSE',
        `Subsystem sftp /usr/lib/openssh/sftp-server`,
        '',
      ].join('\n'),
    );
    const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.process = child;
    const deadline = Date.now() + 10_000;
    while (!(await canConnect(this.port))) {
      if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}:\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`sshd did not listen on ${this.port} within 10 s:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  logText(): string {
    return this.log;
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM'); // the listener; sessions still open die with their connections
    });
  }

  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
