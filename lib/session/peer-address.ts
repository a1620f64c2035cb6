import { Server, type IncomingMessage } from 'node:http';

// Which address a request's connection comes from. Next.js gives route code and server actions a
// request's headers but not its connection, and `next start` writes the peer into X-Forwarded-For only
// when the sender wrote none there itself: what the app reads in that header may be anyone's claim. So
// the HTTP server's own 'request' event writes the connection's peer into PEER_HEADER, over whatever the
// sender put there, before Next.js sees the request. instrumentation.ts installs this once per server
// process. In a process where it is not installed the header is not believed: peerOf answers null, and
// the client is 'direct' (lib/auth/client-address.ts).

const PEER_HEADER = 'x-mailpanel-peer';
const INSTALLED = Symbol.for('mailpanel.peer-address');
const marks = globalThis as { [INSTALLED]?: true };

/** Makes every HTTP server of this process record each request's peer (idempotent). */
export function recordPeerAddresses(): void {
  if (marks[INSTALLED]) return;
  marks[INSTALLED] = true;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    const request = event === 'request' ? (args[0] as IncomingMessage) : undefined;
    if (request) request.headers[PEER_HEADER] = request.socket.remoteAddress ?? '';
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  };
}

/** The peer recordPeerAddresses wrote for this request, or null when nothing trustworthy was written. */
export function peerOf(headers: Headers | undefined): string | null {
  return marks[INSTALLED] ? (headers?.get(PEER_HEADER) ?? null) : null;
}
