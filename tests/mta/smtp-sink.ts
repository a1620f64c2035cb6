// A tiny SMTP server on loopback that accepts everything (250 to every command, 354 to DATA) and keeps what
// it was given: where mail the host sends out (autoreplies, forwards) ends up in tests. Plain SMTP only,
// no TLS, no AUTH; the message is kept with CRLF line ends, dot-unstuffed, without the final ".".
import net from 'node:net';

export interface ReceivedMessage {
  from: string;
  to: string[];
  data: string;
}

export async function startSmtpSink(): Promise<{
  port: number;
  messages: ReceivedMessage[];
  waitFor(count: number, ms?: number): Promise<ReceivedMessage[]>;
  stop(): Promise<void>;
}> {
  const messages: ReceivedMessage[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    serve(socket, messages);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the SMTP sink has no port');

  return {
    port: address.port,
    messages,
    /** The messages once at least `count` arrived; throws after `ms` (default 10 s) with what did arrive. */
    async waitFor(count: number, ms = 10_000) {
      const until = Date.now() + ms;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`the SMTP sink got ${messages.length} of ${count} messages within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return [...messages];
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One SMTP conversation: commands line by line, then the message after DATA up to a line ".". */
function serve(socket: net.Socket, messages: ReceivedMessage[]): void {
  let buffer = '';
  let inData = false;
  let from = '';
  let to: string[] = [];
  let data: string[] = [];
  const reply = (line: string) => socket.write(`${line}\r\n`);
  reply('220 smtp-sink.test ESMTP');
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) {
        if (line === '.') {
          messages.push({ from, to, data: data.map((l) => `${l}\r\n`).join('') });
          inData = false;
          from = '';
          to = [];
          data = [];
          reply('250 2.0.0 Ok: queued');
        } else data.push(line.startsWith('.') ? line.slice(1) : line);
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') reply('250-smtp-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8');
      else if (verb === 'MAIL') {
        from = /<([^>]*)>/.exec(line)?.[1] ?? '';
        reply('250 2.1.0 Ok');
      } else if (verb === 'RCPT') {
        to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
        reply('250 2.1.5 Ok');
      } else if (verb === 'DATA') {
        inData = true;
        reply('354 End data with <CR><LF>.<CR><LF>');
      } else if (verb === 'RSET') {
        from = '';
        to = [];
        reply('250 2.0.0 Ok');
      } else if (verb === 'QUIT') {
        reply('221 2.0.0 Bye');
        socket.end();
      } else reply('250 2.0.0 Ok');
    }
  });
}
