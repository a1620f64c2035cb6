// A minimal SMTP client for the Postfix tests: one connection to the private instance on loopback, each
// command answered before the next (RCPT commands are pipelined: Postfix announces PIPELINING and answers
// them in order). Only what the tests need: EHLO, XCLIENT, MAIL, RCPT, DATA, RSET, QUIT.
import net from 'node:net';

export interface Reply {
  code: number;
  /** The whole reply text after the code, lines joined by "\n" (for one-line replies: the line). */
  text: string;
}

export class SmtpSession {
  private buffer = '';
  private lines: string[] = [];
  private waiting: (() => void) | undefined;
  private closed: Error | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) !== -1) {
        this.lines.push(this.buffer.slice(0, nl).replace(/\r$/, ''));
        this.buffer = this.buffer.slice(nl + 1);
      }
      this.wake();
    });
    const end = (error?: Error) => {
      this.closed = error ?? new Error('the SMTP server closed the connection');
      this.wake();
    };
    socket.on('error', end);
    socket.on('close', () => end());
  }

  static async open(port: number, timeoutMs = 10_000): Promise<SmtpSession> {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`SMTP timeout after ${timeoutMs} ms`)));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const session = new SmtpSession(socket);
    await session.expect(220);
    return session;
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  /** Reads one (possibly multi-line) reply. */
  async reply(): Promise<Reply> {
    const parts: string[] = [];
    for (;;) {
      while (this.lines.length === 0) {
        if (this.closed) throw this.closed;
        await new Promise<void>((resolve) => (this.waiting = resolve));
      }
      const line = this.lines.shift() ?? '';
      const m = /^(\d{3})([ -])(.*)$/.exec(line);
      if (!m) throw new Error(`unexpected SMTP line: ${JSON.stringify(line)}`);
      parts.push(m[3] ?? '');
      if (m[2] === ' ') return { code: Number(m[1]), text: parts.join('\n') };
    }
  }

  async expect(code: number): Promise<Reply> {
    const reply = await this.reply();
    if (reply.code !== code) throw new Error(`expected SMTP ${code}, got ${reply.code} ${reply.text}`);
    return reply;
  }

  send(line: string): void {
    if (/[\r\n]/.test(line)) throw new Error('an SMTP command is one line');
    this.socket.write(`${line}\r\n`);
  }

  async command(line: string): Promise<Reply> {
    this.send(line);
    return this.reply();
  }

  /** Sends every command at once and reads their replies in order (RFC 2920). */
  async pipeline(lines: string[]): Promise<Reply[]> {
    this.socket.write(lines.map((line) => `${line}\r\n`).join(''));
    const replies: Reply[] = [];
    for (let i = 0; i < lines.length; i += 1) replies.push(await this.reply());
    return replies;
  }

  /** DATA with a small message; returns the final reply (`250 2.0.0 Ok: queued as QUEUEID`). */
  async data(body: string): Promise<Reply> {
    await this.expect354();
    const dotted = body.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    this.socket.write(`${dotted}\r\n.\r\n`);
    return this.reply();
  }

  private async expect354(): Promise<void> {
    const reply = await this.command('DATA');
    if (reply.code !== 354) throw new Error(`DATA refused: ${reply.code} ${reply.text}`);
  }

  async quit(): Promise<void> {
    try {
      await this.command('QUIT');
    } catch {
      // the server may close first
    }
    this.socket.destroy();
  }
}
