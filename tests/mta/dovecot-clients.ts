// Minimal POP3 and LMTP clients for the Dovecot tests: what a mail program and an MTA say on the wire,
// waiting for each reply (RFC 1939, RFC 2033). Bounded by a timeout, so a silent server fails the test.
import net from 'node:net';

class LineConnection {
  private buffer = '';
  private waiting: (() => void) | undefined;
  private closed = false;

  constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
    socket.on('error', () => {});
  }

  static open(options: net.NetConnectOpts): Promise<LineConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(options, () => resolve(new LineConnection(socket)));
      socket.once('error', reject);
    });
  }

  async line(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end !== -1) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return line;
      }
      if (this.closed) throw new Error(`connection closed; unread: ${JSON.stringify(this.buffer)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply within ${timeoutMs} ms; unread: ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiting = undefined;
    }
  }

  send(text: string): void {
    this.socket.write(text, 'latin1');
  }

  close(): void {
    this.socket.destroy();
  }
}

export class Pop3Client {
  private constructor(private readonly conn: LineConnection) {}

  static async connect(port: number): Promise<{ client: Pop3Client; greeting: string }> {
    const conn = await LineConnection.open({ host: '127.0.0.1', port });
    return { client: new Pop3Client(conn), greeting: await conn.line() };
  }

  /** One command, its one-line reply. */
  async command(line: string): Promise<string> {
    this.conn.send(`${line}\r\n`);
    return this.conn.line();
  }

  /** A command with a multi-line answer (RETR, LIST): the status line, then the dot-unstuffed lines. */
  async multiline(line: string): Promise<{ status: string; lines: string[] }> {
    const status = await this.command(line);
    const lines: string[] = [];
    if (!status.startsWith('+OK')) return { status, lines };
    for (let next = await this.conn.line(); next !== '.'; next = await this.conn.line()) {
      lines.push(next.startsWith('..') ? next.slice(1) : next);
    }
    return { status, lines };
  }

  async quit(): Promise<void> {
    await this.command('QUIT').catch(() => '');
    this.conn.close();
  }
}

/** A whole LMTP transaction: the reply to each RCPT, then one reply per accepted recipient after DATA. */
export async function lmtpDeliver(
  socketPath: string,
  from: string,
  recipients: string[],
  message: string,
): Promise<{ rcpt: string[]; data: string[] }> {
  const conn = await LineConnection.open({ path: socketPath });
  const reply = async () => {
    let line = await conn.line();
    while (/^\d{3}-/.test(line)) line = await conn.line();
    return line;
  };
  try {
    await reply(); // 220 greeting
    conn.send('LHLO mailpanel.test\r\n');
    await reply();
    conn.send(`MAIL FROM:<${from}>\r\n`);
    const mail = await reply();
    if (!mail.startsWith('250')) throw new Error(`MAIL FROM refused: ${mail}`);
    const rcpt: string[] = [];
    for (const to of recipients) {
      conn.send(`RCPT TO:<${to}>\r\n`);
      rcpt.push(await reply());
    }
    const accepted = rcpt.filter((line) => line.startsWith('250')).length;
    const data: string[] = [];
    if (accepted > 0) {
      conn.send('DATA\r\n');
      await reply(); // 354
      const body = message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
      conn.send(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.\r\n`);
      for (let i = 0; i < accepted; i++) data.push(await reply());
    }
    conn.send('QUIT\r\n');
    return { rcpt, data };
  } finally {
    conn.close();
  }
}
