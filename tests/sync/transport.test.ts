// The two transports do the same thing to the same files: the local one on this machine, the SSH one
// through a private OpenSSH server on loopback (tests/sync/ssh-server.ts) to this same machine. Plus what
// only SSH has: the pinned host key (an unknown or changed key refuses to connect, and says which),
// key-only login, and arguments that reach the remote program exactly as given, never a shell.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TransportError, type Transport } from '@/lib/transport/transport';
import { localTransport } from '@/lib/transport/local';
import { connectSsh, fetchHostKey, hostKeyFingerprint } from '@/lib/transport/ssh';
import { makeKeyPair, SshServer } from './ssh-server';

let server: SshServer | undefined;
let scratch = '';

beforeAll(async () => {
  server = await SshServer.start();
  scratch = await mkdtemp(path.resolve('.data', 'transport-test-'));
}, 30_000);

afterAll(async () => {
  await server?.destroy();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function sshd(): SshServer {
  if (!server) throw new Error('sshd did not start (see the first failure)');
  return server;
}

function ssh(): Promise<Transport> {
  const s = sshd();
  return connectSsh({ host: '127.0.0.1', port: s.port, user: 'root', privateKey: s.client.privateKey, pinnedHostKey: s.hostKey });
}

const dovecotGid = () => Number(execFileSync('getent', ['group', 'dovecot'], { encoding: 'utf8' }).split(':')[2]);

describe.each([
  ['local', async () => localTransport()],
  ['ssh', ssh],
] as const)('the %s transport', (kind, open) => {
  let t: Transport;
  let dir: string;
  let tests = 0;
  beforeAll(async () => {
    t = await open();
  });
  // A directory of its own for every test, holding a/f ("two\n", 0640, group dovecot) to work on.
  beforeEach(async () => {
    dir = path.join(scratch, `${kind}-${++tests}`);
    await mkdir(path.join(dir, 'a'), { recursive: true });
    await writeFile(path.join(dir, 'a', 'f'), 'two\n');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('describes itself', () => {
    expect(t.description).toMatch(kind === 'local' ? /^local \// : /^ssh root@127\.0\.0\.1:\d+$/);
  });

  it('creates directories, writes whole files with mode, group and mtime, and leaves no temporary file', async () => {
    await t.remove(`${dir}/a`);
    await t.mkdir(`${dir}/a/b`);
    await t.mkdir(`${dir}/a/b`);
    const mtime = new Date('2020-09-13T12:26:40Z');
    await t.writeFile(`${dir}/a/f`, 'one\n', { mode: 0o640, gid: dovecotGid(), mtime });
    await t.writeFile(`${dir}/a/f`, Buffer.from('two\n'), { mode: 0o640, gid: dovecotGid(), mtime });
    expect((await t.readFile(`${dir}/a/f`))?.toString()).toBe('two\n');
    const s = await stat(`${dir}/a/f`);
    expect([s.mode & 0o777, s.gid, s.mtimeMs]).toEqual([0o640, dovecotGid(), mtime.getTime()]);
    expect((await t.list(`${dir}/a`)).sort()).toEqual(['b', 'f']);
    expect(await t.stat(`${dir}/a/f`)).toEqual({
      size: 4,
      mtimeMs: mtime.getTime(),
      isFile: true,
      isDirectory: false,
      isSymbolicLink: false,
    });
  });

  it('answers null or [] for what is missing, and throws on what it cannot do', async () => {
    expect(await t.readFile(`${dir}/missing`)).toBeNull();
    expect(await t.readlink(`${dir}/missing`)).toBeNull();
    expect(await t.stat(`${dir}/missing`)).toBeNull();
    expect(await t.list(`${dir}/missing`)).toEqual([]);
    await expect(t.readlink(`${dir}/a/f`)).rejects.toThrow(TransportError);
    await expect(t.writeFile(`${dir}/no/such/dir/f`, 'x')).rejects.toThrow(TransportError);
  });

  it('switches a symlink atomically by renaming a new one over it; hard-links; sets mtimes', async () => {
    await t.mkdir(`${dir}/rev-1`);
    await t.mkdir(`${dir}/rev-2`);
    await t.symlink('rev-1', `${dir}/current`);
    await t.symlink('rev-2', `${dir}/.current.tmp`);
    await t.rename(`${dir}/.current.tmp`, `${dir}/current`);
    expect(await t.readlink(`${dir}/current`)).toBe('rev-2');
    expect((await t.stat(`${dir}/current`))?.isSymbolicLink).toBe(true);
    await t.link(`${dir}/a/f`, `${dir}/rev-2/f`);
    expect((await stat(`${dir}/rev-2/f`)).ino).toBe((await stat(`${dir}/a/f`)).ino);
    await t.setMtime(`${dir}/rev-2/f`, new Date('2021-01-01T00:00:00Z'));
    expect((await stat(`${dir}/a/f`)).mtimeMs).toBe(Date.parse('2021-01-01T00:00:00Z'));
  });

  it('copies a file into an inode of its own (a patch of the copy leaves the original), mode kept; a missing one throws', async () => {
    // 0666: a umask of 022 (or the host's own) would take bits away from a plain copy.
    await t.writeFile(`${dir}/a/map.db`, 'db bytes\n', { mode: 0o666 });
    await t.mkdir(`${dir}/b`);
    await t.copyFile(`${dir}/a/map.db`, `${dir}/b/map.db`);
    const [from, to] = [await stat(`${dir}/a/map.db`), await stat(`${dir}/b/map.db`)];
    expect(to.ino).not.toBe(from.ino);
    expect(to.mode & 0o777).toBe(0o666);
    await writeFile(`${dir}/b/map.db`, 'patched\n');
    expect((await t.readFile(`${dir}/a/map.db`))?.toString()).toBe('db bytes\n');
    await expect(t.copyFile(`${dir}/a/missing.db`, `${dir}/b/missing.db`)).rejects.toThrow(TransportError);
  });

  it('runs argv exactly as given: no shell, exit codes, stderr, cwd, a file as stdin', async () => {
    const hostile = ['a b', "it's", '$(id)', '`id`', ';', '|', '*', '"', '\\', '\n', '-n', ''];
    const r = await t.run(['/usr/bin/printf', '%s|', ...hostile]);
    expect(r).toEqual({ code: 0, stdout: `${hostile.join('|')}|`, stderr: '' });
    expect(await t.run(['/bin/sh', '-c', 'echo oops >&2; exit 3'])).toEqual({ code: 3, stdout: '', stderr: 'oops\n' });
    expect((await t.run(['/bin/pwd'], { cwd: `${dir}/a` })).stdout).toBe(`${dir}/a\n`);
    expect((await t.run(['/usr/bin/wc', '-c'], { stdinFile: `${dir}/a/f` })).stdout.trim()).toBe('4');
    const missing = await t.run(['/no/such/program']);
    expect(missing.code).toBe(127);
    // The shell over SSH words it its way; the local transport says what to look at.
    expect(missing.stderr).toMatch(
      kind === 'local'
        ? /^cannot run \/no\/such\/program: not found on this host \(is the mail software installed/
        : /\/no\/such\/program: (not found|No such file)/,
    );
    const slow = await t.run(['/bin/sleep', '5'], { timeoutMs: 300 });
    expect(slow.code).toBe(124);
    expect(slow.stderr).toMatch(/timed out after 300 ms/);
  });

  it('removes trees (a missing path is fine); after close() nothing works', async () => {
    expect(await t.list(scratch)).toContain(path.basename(dir));
    await t.remove(dir);
    await t.remove(dir);
    expect(await t.list(scratch)).not.toContain(path.basename(dir));
    const other = await open();
    await other.close();
    await expect(other.readFile(`${scratch}/x`)).rejects.toThrow(TransportError);
    await expect(other.run(['/bin/true'])).rejects.toThrow(TransportError);
  });
});

describe('the SSH host key', () => {
  it("is what fetchHostKey shows and what the server holds; the fingerprint is OpenSSH's", async () => {
    const s = sshd();
    expect(await fetchHostKey('127.0.0.1', s.port)).toBe(s.hostKey);
    const keygen = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', '-'], { input: s.hostKey, encoding: 'utf8' });
    expect(keygen).toContain(hostKeyFingerprint(s.hostKey));
  });

  it('an unknown key (nothing pinned, or not a key line) refuses before connecting', async () => {
    const s = sshd();
    for (const pinned of ['', 'AAAAC3NzaC1lZDI1NTE5AAAAIJetdklq', 'ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ']) {
      await expect(
        connectSsh({ host: '127.0.0.1', port: s.port, user: 'root', privateKey: s.client.privateKey, pinnedHostKey: pinned }),
      ).rejects.toThrow(/not an OpenSSH public key line/);
    }
  });

  it('a key the client is not authorized with is refused by the server', async () => {
    const s = sshd();
    const stranger = await makeKeyPair(scratch, 'stranger');
    await expect(
      connectSsh({ host: '127.0.0.1', port: s.port, user: 'root', privateKey: stranger.privateKey, pinnedHostKey: s.hostKey }),
    ).rejects.toThrow(/authentication methods failed/);
  });

  it('a changed host key refuses to connect and names both fingerprints', async () => {
    const s = sshd();
    const old = s.hostKey;
    const fresh = await s.changeHostKey();
    const error = (await connectSsh({
      host: '127.0.0.1',
      port: s.port,
      user: 'root',
      privateKey: s.client.privateKey,
      pinnedHostKey: old,
    }).catch((e: unknown) => e)) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('HOST_KEY');
    expect(error.message).toContain(`host key changed: expected ${hostKeyFingerprint(old)}, got ${hostKeyFingerprint(fresh)}`);
    // pinning the new key connects again
    const t = await connectSsh({ host: '127.0.0.1', port: s.port, user: 'root', privateKey: s.client.privateKey, pinnedHostKey: fresh });
    expect((await t.run(['/bin/echo', 'ok'])).stdout).toBe('ok\n');
    await t.close();
  });
});
