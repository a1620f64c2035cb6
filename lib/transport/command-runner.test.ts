import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runThroughHelper, type RunRequest } from './command-runner';

// The helper that starts the local transport's commands (tests/sync/transport.test.ts covers what the
// transport promises through it: argv, exit codes, stdin, cwd, timeouts). Here: what is the helper's own —
// the limits it enforces, a kill, and what happens when either process goes away.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'command-runner-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const request = (file: string, args: string[], more: Partial<RunRequest> = {}): RunRequest => ({
  file,
  args,
  timeoutMs: 10_000,
  maxOutput: 1024 * 1024,
  ...more,
});
const run = (r: RunRequest) => runThroughHelper(r, () => {});
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('commands through the helper process', () => {
  it('run in the C locale, not in this process, with a file as standard input', async () => {
    const r = await run(request('/bin/sh', ['-c', 'echo "$LC_ALL $PPID"; cat']));
    const [locale, parent] = r.stdout.split('\n')[0]!.split(' ');
    expect(locale).toBe('C');
    expect(Number(parent)).not.toBe(process.pid);
    await writeFile(path.join(dir, 'in'), 'three\nlines\nhere\n');
    expect(await run(request('/usr/bin/wc', ['-l'], { stdinFile: path.join(dir, 'in') }))).toEqual({ code: 0, stdout: '3\n', stderr: '' });
    const unreadable = await run(request('/usr/bin/wc', ['-l'], { stdinFile: path.join(dir, 'missing') }));
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/^cannot open .*missing for \/usr\/bin\/wc: ENOENT/);
  });

  it('cuts output past the limit and kills the command; a kill from the caller ends it at once', async () => {
    const chatty = await run(request('/bin/sh', ['-c', 'while :; do echo 0123456789; done'], { maxOutput: 4096 }));
    expect(chatty.code).toBe(124);
    expect(chatty.stdout.length).toBeLessThanOrEqual(4096);
    expect(chatty.stderr).toMatch(/output beyond 4096 bytes cut; process killed/);

    let kill = () => {};
    const started = Date.now();
    const sleeping = runThroughHelper(request('/bin/sleep', ['30']), (k) => (kill = k));
    setTimeout(() => kill(), 200);
    const r = await sleeping;
    expect(r.code).toBe(128 + 9);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a helper that went away fails the commands it ran, and the next command starts a new one', async () => {
    const pidFile = path.join(dir, 'helper.pid');
    const waiting = run(request('/bin/sh', ['-c', `echo $PPID > ${pidFile}; exec sleep 30`]));
    expect(await until(async () => (await readFile(pidFile, 'utf8').catch(() => '')).trim() !== '', 5_000)).toBe(true);
    const helper = Number((await readFile(pidFile, 'utf8')).trim());
    process.kill(helper, 'SIGKILL');
    const r = await waiting;
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/went away \(signal SIGKILL\); it may or may not have finished/);
    const next = await run(request('/bin/sh', ['-c', 'echo $PPID']));
    expect(next.code).toBe(0);
    expect(Number(next.stdout.trim())).not.toBe(helper);
  });

  it('a publishing process killed mid-command leaves no command running behind it', async () => {
    const pidFile = path.join(dir, 'command.pid');
    const script = `
      const { runThroughHelper } = require(${JSON.stringify(path.resolve('lib/transport/command-runner.ts'))});
      void runThroughHelper({ file: '/bin/sh', args: ['-c', 'echo $$ > ${pidFile}; exec sleep 30'], timeoutMs: 60000, maxOutput: 1024 }, () => {});`;
    const publisher = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: 'ignore' });
    expect(await until(async () => (await readFile(pidFile, 'utf8').catch(() => '')).trim() !== '', 15_000)).toBe(true);
    const command = Number((await readFile(pidFile, 'utf8')).trim());
    expect(alive(command)).toBe(true);
    publisher.kill('SIGKILL');
    expect(await until(() => !alive(command), 5_000)).toBe(true);
  });
});
