import { spawn, type ChildProcess } from 'node:child_process';
import type { RunResult } from './transport';

// The local transport's commands (postmap, makemap, newaliases…) started by a small helper process instead
// of by the publishing process itself.
//
// Why: Node starts a command by fork(), which copies the parent's page tables. A worker that holds a big
// host (2 GB at a million addresses) paid 17-28 ms per command, on its event loop, against 6-7 ms through a
// helper whose heap is small (measured here; docs/publishing.md, "Commands through a helper"). A full
// publish of a sharded host runs about 150 commands, a one-change publish about 6.
//
// The helper is one `node -e` process per publishing process, started on the first command: its source is
// the string below, so it runs the same under tsx, Next's server bundle and plain Node, with no file to
// find. It does exactly what a direct spawn did: argv with no shell, LC_ALL=C, a file as standard input,
// output cut at a limit, a timeout, and the same exit codes. If the publishing process goes away (a
// kill, an exit), the helper kills what it runs and exits; if the helper goes away, the commands it ran
// fail with a message saying so, and the next command starts a new helper.

export interface RunRequest {
  file: string;
  args: string[];
  cwd?: string;
  stdinFile?: string;
  timeoutMs: number;
  maxOutput: number;
}

/** The helper's program. Plain CommonJS, no TypeScript: it runs through `node -e`. */
const HELPER_SOURCE = String.raw`
'use strict';
// What ps shows instead of this source.
process.title = 'mailpanel command runner';
const { spawn } = require('node:child_process');
const { openSync, closeSync } = require('node:fs');
const { constants } = require('node:os');
const running = new Map();

function cannotRun(file, error) {
  if (error.code === 'ENOENT') return 'cannot run ' + file + ': not found on this host (is the mail software installed, and the path right?)';
  if (error.code === 'EACCES') return 'cannot run ' + file + ": permission denied (not executable for the panel's user)";
  return 'cannot run ' + file + ': ' + error.message;
}

function run(id, r) {
  let stdin = 'ignore';
  if (r.stdinFile !== undefined) {
    try {
      stdin = openSync(r.stdinFile, 'r');
    } catch (error) {
      process.send({ id, code: 1, stdout: '', stderr: 'cannot open ' + r.stdinFile + ' for ' + r.file + ': ' + error.message });
      return;
    }
  }
  let child;
  try {
    child = spawn(r.file, r.args, { cwd: r.cwd, stdio: [stdin, 'pipe', 'pipe'], env: Object.assign({}, process.env, { LC_ALL: 'C' }) });
  } finally {
    if (typeof stdin === 'number') closeSync(stdin);
  }
  running.set(id, child);
  const out = [];
  const err = [];
  let size = 0;
  let note = '';
  const collect = (into) => (chunk) => {
    size += chunk.length;
    if (size <= r.maxOutput) into.push(chunk);
    else if (!note) {
      note = '\n[output beyond ' + r.maxOutput + ' bytes cut; process killed]';
      child.kill('SIGKILL');
    }
  };
  child.stdout.on('data', collect(out));
  child.stderr.on('data', collect(err));
  const timer = setTimeout(() => {
    note = '\n[timed out after ' + r.timeoutMs + ' ms; process killed]';
    child.kill('SIGKILL');
  }, r.timeoutMs);
  let spawnError;
  child.on('error', (error) => (spawnError = error));
  child.on('close', (code, signal) => {
    clearTimeout(timer);
    running.delete(id);
    const stderr = Buffer.concat(err).toString('utf8') + (spawnError ? cannotRun(r.file, spawnError) : '') + note;
    const exit = spawnError ? 127 : note ? 124 : code !== null ? code : 128 + (signal ? constants.signals[signal] || 0 : 0);
    if (process.connected) process.send({ id, code: exit, stdout: Buffer.concat(out).toString('utf8'), stderr });
  });
}

process.on('message', (m) => {
  if (m.kill !== undefined) running.get(m.kill)?.kill('SIGKILL');
  else run(m.id, m.request);
});
process.on('disconnect', () => {
  for (const child of running.values()) child.kill('SIGKILL');
  process.exit(0);
});
`;

/** The publishing process's side: one helper, started on the first command, re-started if it went away. */
class CommandRunner {
  private helper: ChildProcess | null = null;
  /** The commands each helper runs, by request id: what fails with it if it goes away. */
  private readonly pending = new WeakMap<ChildProcess, Map<number, (result: RunResult) => void>>();
  private nextId = 1;

  run(request: RunRequest, onStart: (kill: () => void) => void): Promise<RunResult> {
    const helper = this.started();
    const pending = this.pending.get(helper)!;
    const id = this.nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      // A command under way keeps this process alive, as its own child would; an idle helper does not.
      helper.channel?.ref();
      helper.send({ id, request });
      onStart(() => helper.connected && helper.send({ kill: id }));
    });
  }

  private started(): ChildProcess {
    if (this.helper?.connected) return this.helper;
    const helper = spawn(process.execPath, ['-e', HELPER_SOURCE], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Only the helper's own memory: the worker's heap flags (lib/jobs worker) are not for it.
      env: { ...process.env, NODE_OPTIONS: '' },
      serialization: 'advanced',
    });
    const pending = new Map<number, (result: RunResult) => void>();
    this.pending.set(helper, pending);
    helper.on('message', (m: RunResult & { id: number }) => {
      const resolve = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) helper.channel?.unref();
      resolve?.({ code: m.code, stdout: m.stdout, stderr: m.stderr });
    });
    const gone = (why: string) => {
      if (this.helper === helper) this.helper = null;
      for (const [id, resolve] of pending) {
        pending.delete(id);
        resolve({ code: 125, stdout: '', stderr: `the process that ran this command went away (${why}); it may or may not have finished` });
      }
    };
    helper.on('exit', (code, signal) => gone(signal ? `signal ${signal}` : `exit ${code}`));
    helper.on('error', (error) => gone(error.message));
    helper.unref();
    helper.channel?.unref();
    this.helper = helper;
    return helper;
  }
}

let runner: CommandRunner | undefined;

/** Runs one command through this process's helper. `onStart` gets a function that kills it. */
export function runThroughHelper(request: RunRequest, onStart: (kill: () => void) => void): Promise<RunResult> {
  runner ??= new CommandRunner();
  return runner.run(request, onStart);
}
