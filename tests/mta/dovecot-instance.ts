// A private Dovecot for tests: its own dovecot.conf (renderDovecotConf), passwd-file, sockets, homes and log
// in a temporary folder under .data/, a POP3 listener on a free loopback port and an LMTP socket. The
// system's Dovecot (/etc/dovecot, ports 110/143) is never touched. `doveadm auth test` needs the auth
// process behind base_dir/auth-client, so the master runs (`dovecot -F -c CONF`, ~50 ms to start).
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { renderDovecotConf, type DovecotSieveOptions } from '../../lib/mailmaps/dovecot-conf';

export const INSTALL_HINT = 'Dovecot is not installed: run `bash tests/mta/install-dovecot.sh` (as root) first.';
export const MAIL_UID = 5000;
export const MAIL_GID = 5000;

export interface DoveadmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DovecotInstance {
  dir: string;
  confFile: string;
  passwdFile: string;
  homeBase: string;
  lmtpSocket: string;
  pop3Port: number;
  startMs: number;
  /** Publishes a passwd-file as the sync job should: a temporary file beside it, then rename(). */
  publishPasswd(text: string): void;
  doveadm(...args: string[]): Promise<DoveadmResult>;
  run(file: string, args: string[], input?: string): Promise<DoveadmResult>;
  log(): string;
  stop(): Promise<void>;
}

/** Throws the install hint unless doveadm, dovecot and the POP3/LMTP services are all there. */
export function requireDovecot(): void {
  for (const file of [
    '/usr/bin/doveadm',
    '/usr/sbin/dovecot',
    '/usr/lib/dovecot/pop3',
    '/usr/lib/dovecot/lmtp',
    '/usr/lib/dovecot/dovecot-lda',
  ]) {
    try {
      statSync(file);
    } catch {
      throw new Error(`${INSTALL_HINT} (missing ${file})`);
    }
  }
  if (process.getuid?.() !== 0) throw new Error('The Dovecot tests run as root: they give homes to the mail uid and start the master.');
}

/** `sieve`: the autoreply settings of renderDovecotConf (tests/sync/autoreply-*.test.ts). */
export async function startDovecot(passwdText: string, options: { sieve?: DovecotSieveOptions } = {}): Promise<DovecotInstance> {
  requireDovecot();
  mkdirSync('.data', { recursive: true });
  const dir = mkdtempSync(path.resolve('.data', 'dovecot-test-'));
  chmodSync(dir, 0o755); // the auth process (user dovecot) reads the passwd-file; mail processes reach the homes
  const homeBase = path.join(dir, 'home');
  mkdirSync(homeBase);
  chownSync(homeBase, MAIL_UID, MAIL_GID);
  const passwdFile = path.join(dir, 'passwd');
  const dovecotGid = Number(execFileSync('getent', ['group', 'dovecot'], { encoding: 'utf8' }).split(':')[2]);
  const publishPasswd = (text: string) => {
    const temporary = `${passwdFile}.new`;
    writeFileSync(temporary, text, { mode: 0o640 });
    chownSync(temporary, 0, dovecotGid); // hashes: readable by root and Dovecot's auth process only
    renameSync(temporary, passwdFile);
  };
  publishPasswd(passwdText);

  const pop3Port = await freePort();
  const lmtpSocket = path.join(dir, 'lmtp');
  const confFile = path.join(dir, 'dovecot.conf');
  const conf = renderDovecotConf({
    instanceName: `mp-test-${path.basename(dir).slice(-6).toLowerCase()}`,
    passwdFile,
    uid: MAIL_UID,
    gid: MAIL_GID,
    baseDir: path.join(dir, 'run'),
    stateDir: path.join(dir, 'state'),
    logPath: path.join(dir, 'dovecot.log'),
    listenAddress: '127.0.0.1',
    pop3Port,
    lmtp: { socketPath: lmtpSocket, user: 'root', group: 'root', mode: '0600' },
    authFailureDelaySeconds: 0, // Dovecot's 2 s answer delay only slows the tests down
    sieve: options.sieve,
  });
  writeFileSync(confFile, conf);

  const started = performance.now();
  const master = spawn('/usr/sbin/dovecot', ['-F', '-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let masterErr = '';
  master.stderr?.on('data', (chunk: Buffer) => (masterErr += chunk.toString()));
  await waitFor(
    async () => existsSocket(path.join(dir, 'run', 'auth-client')) && (await canConnect(pop3Port)) && existsSocket(lmtpSocket),
    master,
    () => masterErr,
  );
  const startMs = performance.now() - started;

  const run = (file: string, args: string[], input?: string) => execResult(file, args, input);
  return {
    dir,
    confFile,
    passwdFile,
    homeBase,
    lmtpSocket,
    pop3Port,
    startMs,
    publishPasswd,
    run,
    doveadm: (...args) => run('/usr/bin/doveadm', ['-c', confFile, ...args]),
    log: () => {
      try {
        return readFileSync(path.join(dir, 'dovecot.log'), 'utf8');
      } catch {
        return '';
      }
    },
    stop: async () => {
      await stopProcess(master);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function execResult(file: string, args: string[], input?: string): Promise<DoveadmResult> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { encoding: 'utf8', timeout: 15_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

function existsSocket(file: string): boolean {
  try {
    return statSync(file).isSocket();
  } catch {
    return false;
  }
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

async function waitFor(ready: () => Promise<boolean>, master: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (master.exitCode !== null) throw new Error(`dovecot exited with ${master.exitCode}: ${stderr()}`);
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  master.kill('SIGKILL');
  throw new Error(`dovecot did not come up within 10 s: ${stderr()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM'); // the master stops its own children
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
