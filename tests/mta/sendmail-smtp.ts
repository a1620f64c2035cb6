// A minimal SMTP client over a child process's stdin/stdout (`sendmail -bs`): it writes one command and
// waits for the complete reply before the next, because sendmail answers a client that talks before its
// turn with "554 5.5.0 SMTP protocol error" (no PIPELINING here).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { SmtpReply } from '@/lib/mail/trace-types';

/** A reply with the line(s) as sent, e.g. `550 5.1.1 <x@example.com>... User unknown`. */
export interface RawReply extends SmtpReply {
  lines: string[];
}

const REPLY_TIMEOUT_MS = 15_000;

export class SmtpSession {
  private buffer = '';
  private lines: string[] = [];
  private waiting: (() => void) | undefined;
  private stderr = '';
  private ended = false;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, newline).replace(/\r$/, ''));
        this.buffer = this.buffer.slice(newline + 1);
      }
      this.waiting?.();
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.on('close', () => {
      this.ended = true;
      this.waiting?.();
    });
  }

  /**
   * Sends one command and returns its reply; with `expected`, any other code throws. `multiline` is for
   * a message body (already dot-stuffed, ending in "\r\n.").
   */
  async command(line: string, expected?: number, multiline = false): Promise<RawReply> {
    if (!multiline && /[\r\n]/.test(line)) throw new Error(`SMTP command with a line break: ${JSON.stringify(line)}`);
    this.child.stdin.write(`${line}\r\n`);
    return this.expect(expected, multiline ? 'the message' : line);
  }

  /** Waits for the next complete (possibly multi-line) reply. */
  async expect(expected?: number, after = 'connect'): Promise<RawReply> {
    const lines: string[] = [];
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      const line = this.lines.shift();
      if (line === undefined) {
        if (this.ended)
          throw new Error(`sendmail -bs ended while waiting for the reply to ${after}: ${[...lines, this.stderr].join('\n')}`);
        if (Date.now() > deadline) throw new Error(`sendmail -bs: no reply to ${after} within ${REPLY_TIMEOUT_MS} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 1000);
          this.waiting = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        continue;
      }
      lines.push(line);
      if (!/^\d{3}-/.test(line)) break;
    }
    const reply = parseReply(lines);
    if (expected !== undefined && reply.code !== expected) {
      throw new Error(`sendmail -bs: ${after} answered ${lines.join(' / ')} (expected ${expected})`);
    }
    return reply;
  }

  close(): void {
    this.child.stdin.end();
    if (this.child.exitCode === null) this.child.kill();
  }
}

/**
 * `550 5.1.1 <x@example.com>... User unknown` → { code 550, status "5.1.1", text "User unknown" }: the
 * text without sendmail's `<address>... ` prefix (the resolver's SmtpReply carries the words only).
 */
export function parseReply(lines: readonly string[]): RawReply {
  const last = lines.at(-1) ?? '';
  const match = /^(\d{3})[ -](?:(\d\.\d{1,3}\.\d{1,3}) )?(.*)$/.exec(last);
  if (!match) throw new Error(`not an SMTP reply: ${JSON.stringify(lines)}`);
  const text = (match[3] ?? '').replace(/^<[^>]*>\.\.\. /, '');
  return { code: Number(match[1]), status: match[2] ?? '', text, lines: [...lines] };
}
