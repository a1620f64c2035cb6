import { clientAddress, parseTrustedProxies } from '../auth/client-address';
import { peerOf } from './peer-address';

/**
 * The client a login comes from, for the throttle (lib/data/login-throttle.ts): the connection's peer, or
 * the address a trusted proxy (MAILPANEL_TRUSTED_PROXIES) forwarded for; never an address only the sender
 * vouches for (lib/auth/client-address.ts).
 */
export function loginClientOf(request: Request | undefined): string {
  const headers = request?.headers;
  const seen = { peer: peerOf(headers), forwardedFor: headers?.get('x-forwarded-for'), realIp: headers?.get('x-real-ip') };
  return clientAddress(seen, trustedProxies());
}

let trusted: { text: string | undefined; cidrs: ReturnType<typeof parseTrustedProxies>['cidrs'] } | undefined;

/** MAILPANEL_TRUSTED_PROXIES, read once (again if it changes); an entry it cannot read is named in the log. */
function trustedProxies() {
  const text = process.env.MAILPANEL_TRUSTED_PROXIES;
  if (trusted && trusted.text === text) return trusted.cidrs;
  const { cidrs, invalid } = parseTrustedProxies(text);
  if (invalid.length > 0) console.warn(`[auth] MAILPANEL_TRUSTED_PROXIES: ignoring ${invalid.join(', ')} (not an IP address or CIDR)`);
  trusted = { text, cidrs };
  return cidrs;
}
