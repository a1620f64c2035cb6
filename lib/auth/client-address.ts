// Which client a sign-in comes from, for the login throttle (lib/data/login-throttle.ts). Only the direct
// peer of the connection is known for sure; X-Forwarded-For and X-Real-IP are whatever the sender wrote.
// They are believed only as far as they were written by a proxy the operator named in
// MAILPANEL_TRUSTED_PROXIES (IPs or CIDRs, comma-separated; none by default): from the right, each hop a
// trusted proxy appended is taken, until the first address that is not a trusted proxy. Without a peer
// (lib/session/peer-address.ts could not see one) every header is ignored and the client is 'direct'.
// An IPv6 client is counted by its /64: one host holds a whole /64, and could otherwise take a new address
// for every guess.

const V4_MAPPED = 0xffffn << 32n;
const ALL_BITS = (1n << 128n) - 1n;

interface Ip {
  /** The address as 128 bits, an IPv4 address as its IPv4-mapped IPv6 form (::ffff:a.b.c.d). */
  bits: bigint;
  v4: boolean;
}

interface Cidr {
  bits: bigint;
  prefix: number;
}

export interface SeenAddresses {
  /** The connection's peer, as the server saw it. */
  peer: string | null | undefined;
  forwardedFor: string | null | undefined;
  realIp: string | null | undefined;
}

/** The client as the throttle counts it: an IPv4 address, an IPv6 /64, or 'direct'. */
export function clientAddress(seen: SeenAddresses, trusted: readonly Cidr[]): string {
  const peer = parseIp(seen.peer);
  if (!peer) return 'direct';
  let client = peer;
  if (isTrusted(client, trusted)) {
    const hops = (seen.forwardedFor ?? '').split(',').reverse();
    for (const hop of hops) {
      const ip = parseIp(hop);
      // A hop that is no address was not written by our proxies: stop at the last one that was.
      if (!ip) break;
      client = ip;
      if (!isTrusted(ip, trusted)) break;
    }
    const realIp = parseIp(seen.realIp);
    if (isTrusted(client, trusted) && realIp) client = realIp;
  }
  return formatClient(client);
}

/** MAILPANEL_TRUSTED_PROXIES as CIDRs, and the entries that are neither an address nor a CIDR. */
export function parseTrustedProxies(text: string | undefined): { cidrs: Cidr[]; invalid: string[] } {
  const cidrs: Cidr[] = [];
  const invalid: string[] = [];
  for (const entry of (text ?? '').split(',').map((e) => e.trim())) {
    if (!entry) continue;
    const [address = '', length, ...rest] = entry.split('/');
    const ip = parseIp(address);
    const max = ip?.v4 ? 32 : 128;
    const bits = length === undefined ? max : /^\d{1,3}$/.test(length) ? Number(length) : NaN;
    if (!ip || rest.length > 0 || !(bits >= 0 && bits <= max)) invalid.push(entry);
    else cidrs.push(cidrOf(ip.bits, ip.v4 ? 96 + bits : bits));
  }
  return { cidrs, invalid };
}

function cidrOf(bits: bigint, prefix: number): Cidr {
  return { bits: bits & maskOf(prefix), prefix };
}

function maskOf(prefix: number): bigint {
  return ALL_BITS ^ ((1n << BigInt(128 - prefix)) - 1n);
}

function isTrusted(ip: Ip, trusted: readonly Cidr[]): boolean {
  return trusted.some((c) => (ip.bits & maskOf(c.prefix)) === c.bits);
}

function formatClient(ip: Ip): string {
  if (ip.v4) return [24n, 16n, 8n, 0n].map((shift) => String((ip.bits >> shift) & 0xffn)).join('.');
  const groups = [112n, 96n, 80n, 64n].map((shift) => ((ip.bits >> shift) & 0xffffn).toString(16));
  return `${groups.join(':')}::/64`;
}

/** An address as written in a header or by the server: IPv4, IPv6 (brackets, zone or port allowed), or null. */
export function parseIp(text: string | null | undefined): Ip | null {
  let s = (text ?? '').trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1] ?? '';
  else if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.indexOf(':'));
  s = s.replace(/%[\w.-]+$/, '');
  const v4 = parseV4(s);
  if (v4 !== null) return { bits: V4_MAPPED | v4, v4: true };
  const v6 = parseV6(s);
  if (v6 === null) return null;
  return v6 >> 32n === 0xffffn ? { bits: v6, v4: true } : { bits: v6, v4: false };
}

function parseV4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function parseV6(s: string): bigint | null {
  const halves = s.split('::');
  if (halves.length > 2 || !s.includes(':')) return null;
  const groupsOf = (half: string | undefined): bigint[] | null => {
    if (!half) return [];
    const out: bigint[] = [];
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      const v4 = i === parts.length - 1 && part.includes('.') ? parseV4(part) : null;
      if (v4 !== null) out.push(v4 >> 16n, v4 & 0xffffn);
      else if (/^[0-9a-f]{1,4}$/.test(part)) out.push(BigInt(`0x${part}`));
      else return null;
    }
    return out;
  };
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<bigint>(missing).fill(0n), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}
