// The parent's side of the benchmark's worker process (scripts/lib/bench-worker.ts): start it, wait for
// what it reports (a log line matching a pattern, its memory), stop it. A worker that dies fails every
// wait at once with its exit code, instead of the benchmark hanging.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ParentMessage, WorkerMessage } from './bench-worker';
import { WORKER_NODE_FLAGS } from './worker-heap';

export interface WorkerMemory {
  hwmMb: number;
  rssMb: number;
  maxRssMb: number;
  heapUsedMb: number;
}

export class BenchWorker {
  private readonly waiters = new Set<(message: WorkerMessage | null) => void>();
  private exited: string | null = null;
  readonly lines: { at: number; line: string }[] = [];

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'log') this.lines.push({ at: performance.now(), line: message.line });
      for (const waiter of [...this.waiters]) waiter(message);
    });
    child.on('exit', (code, signal) => {
      this.exited = `the worker process exited (${signal ?? `code ${code}`})`;
      for (const waiter of [...this.waiters]) waiter(null);
    });
  }

  static async start(databaseUrl: string, onLine: (line: string) => void): Promise<BenchWorker> {
    const child = fork(path.resolve('scripts/lib/bench-worker.ts'), [], {
      execArgv: [...WORKER_NODE_FLAGS, '--import', 'tsx'],
      // The bench's maps lie under .data/bench, and the unpacked Postfix runs through `env LD_LIBRARY_PATH=…`:
      // the host policy (lib/validation/host-policy.ts) is told so, as an operator would tell it.
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        MAILPANEL_MAP_ROOT: path.resolve('.data/bench'),
        MAILPANEL_ALLOW_ANY_HOST_COMMAND: '1',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker = new BenchWorker(child);
    worker.child.on('message', (message: WorkerMessage) => message.type === 'log' && onLine(message.line));
    await worker
      .next((m) => m.type === 'ready' || m.type === 'error', 120_000)
      .then((m) => {
        if (m.type === 'error') throw new Error(`the worker did not start: ${m.message}`);
      });
    return worker;
  }

  /** The next message that `match` accepts (messages already past are not seen). */
  next(match: (message: WorkerMessage) => boolean, timeoutMs: number): Promise<WorkerMessage> {
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error(this.exited));
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no answer from the worker within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const waiter = (message: WorkerMessage | null) => {
        if (message && !match(message)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        if (message) resolve(message);
        else reject(new Error(this.exited ?? 'the worker went away'));
      };
      this.waiters.add(waiter);
    });
  }

  /** The next log line matching `pattern` (its match), or an error for a line matching `failure`. */
  async nextLine(pattern: RegExp, failure: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const message = await this.next((m) => m.type === 'log' && (pattern.test(m.line) || failure.test(m.line)), timeoutMs);
    const line = message.type === 'log' ? message.line : '';
    const m = pattern.exec(line);
    if (!m) throw new Error(`the worker reported: ${line}`);
    return m;
  }

  async memory(): Promise<WorkerMemory> {
    const answer = this.next((m) => m.type === 'memory', 10_000);
    this.child.send({ type: 'memory' } satisfies ParentMessage);
    const m = await answer;
    if (m.type !== 'memory') throw new Error('unexpected answer');
    const mb = (kb: number) => Math.round(kb / 1024);
    return { hwmMb: mb(m.hwmKb), rssMb: mb(m.rssKb), maxRssMb: mb(m.maxRssKb), heapUsedMb: m.heapUsedMb };
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies ParentMessage);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 40_000);
    await gone;
    clearTimeout(timer);
  }
}
