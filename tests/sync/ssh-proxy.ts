// A TCP relay between the SSH transport and the private sshd that can cut every connection, now or once
// the client has sent a number of bytes: the "connection lost in the middle of an upload" of the fault tests.
import net from 'node:net';

export class CuttableProxy {
  private readonly sockets = new Set<net.Socket>();
  private sent = 0;
  private cutAt = Number.POSITIVE_INFINITY;
  /** Set by cutWhenRunning: how many more answers of the server to let through once the client asks. */
  private answersLeft = Number.POSITIVE_INFINITY;
  private asked = false;
  cuts = 0;

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<CuttableProxy> {
    // The server exists before the proxy that owns it: connections find the proxy once it is made.
    const made: { proxy?: CuttableProxy } = {};
    const server = net.createServer((client) => made.proxy?.relay(client, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no proxy port');
    made.proxy = new CuttableProxy(server, address.port);
    return made.proxy;
  }

  private relay(client: net.Socket, targetPort: number): void {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      this.sent += chunk.length;
      if (this.sent >= this.cutAt) return this.cut();
      this.asked = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.asked && this.answersLeft-- <= 0) return this.cut();
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  /** Cuts every connection once the clients have sent `bytes` more (counted from now). */
  cutAfter(bytes: number): void {
    this.cutAt = this.sent + bytes;
  }

  /**
   * Cuts every connection at the server's second answer after the client's next request: a new channel's
   * confirmation, then the reply to its exec request, which sshd sends once the command has started. A cut
   * in the middle of work on the server, found by what passes on the wire rather than by a timer.
   */
  cutWhenRunning(): void {
    this.asked = false;
    this.answersLeft = 1;
  }

  /** Drops every connection at once, as a network failure would (no FIN exchange with the server). */
  cut(): void {
    this.cuts += 1;
    this.cutAt = Number.POSITIVE_INFINITY;
    this.answersLeft = Number.POSITIVE_INFINITY;
    for (const s of this.sockets) s.destroy();
  }

  bytesSent(): number {
    return this.sent;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
