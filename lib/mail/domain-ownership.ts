// Who may make a domain take mail (issue 8, rule 5). A domain becomes local on a mail host only once its
// customer has proven it holds the domain: a TXT record with the domain's token that the panel finds in
// DNS, or an operator's approval. Without that, any reseller could add gmail.com, put a catch-all on it,
// and receive every other tenant's forward to someone@gmail.com. Some names are never a customer's at
// all: the host's own names (its mail to root@, postmaster@ must stay the host's) and the special-use
// names of RFC 6761 / RFC 6762 / RFC 8375 that no registry hands out.

/** The label in front of the domain that holds its proof. */
export const VERIFY_LABEL = '_mailpanel-verify';
const VALUE_PREFIX = 'mailpanel-verify=';

export interface TxtRecord {
  name: string;
  value: string;
}

/** The TXT record the customer publishes to prove it holds `domain`. */
export function ownershipRecord(domain: string, token: string): TxtRecord {
  return { name: `${VERIFY_LABEL}.${domain}`, value: `${VALUE_PREFIX}${token}` };
}

/**
 * Whether the TXT answers for the record's name prove `token`. Each answer is one TXT record as its
 * character-strings (a record longer than 255 bytes arrives in pieces); DNS joins the pieces of one
 * record with nothing between them, so the joined text must equal the value exactly. Other records at
 * the same name (an old token, someone else's verification) are allowed and ignored.
 */
export function txtProvesToken(answers: readonly (readonly string[])[], token: string): boolean {
  if (token === '') return false;
  const wanted = `${VALUE_PREFIX}${token}`;
  return answers.some((pieces) => pieces.join('') === wanted);
}

/** `name` is `parent` itself or a name under it (`a.b.example` is under `b.example`, `ab.example` is not). */
export function isSameOrSubdomain(name: string, parent: string): boolean {
  const n = canonical(name);
  const p = canonical(parent);
  if (n === '' || p === '') return false;
  return n === p || n.endsWith(`.${p}`);
}

// Names that resolve to the machine itself or that the DNS root never delegates: mail to them is the
// host's own (or nobody's), so no customer can hold them.
// `localhost` and `localhost.localdomain` are covered: each is one of these or under one.
const RESERVED_SUFFIXES = ['localhost', 'localdomain', 'local', 'invalid', 'internal'];

/**
 * Why `name` can never be a customer's domain on a host whose own names are `hostNames`, or no reason
 * (an empty list). Host names that are IP addresses or empty are ignored.
 */
export function reservedNameProblems(name: string, hostNames: readonly string[]): string[] {
  const n = canonical(name);
  if (RESERVED_SUFFIXES.some((suffix) => isSameOrSubdomain(n, suffix))) {
    return [`${n} is a special-use name that belongs to no one; it cannot be added as a domain.`];
  }
  const host = hostNames.map(canonical).find((h) => isHostName(h) && isSameOrSubdomain(n, h));
  if (host !== undefined) {
    return [
      n === host
        ? `${n} is the mail host's own name; it cannot be added as a customer's domain.`
        : `${n} is under ${host}, the mail host's own name; it cannot be added as a customer's domain.`,
    ];
  }
  return [];
}

/**
 * Why `name` may not take mail although its claimant has proven DNS control or is an operator: it is the
 * same as or under a domain another customer already holds (verified), or under one of the host's names.
 * At this point the claimant controls the name's DNS (or is an operator), so naming the blocking domain
 * tells them nothing they could not look up themselves.
 */
export function ownershipConflicts(name: string, others: { verifiedOfOthers: readonly string[]; hostNames: readonly string[] }): string[] {
  const reserved = reservedNameProblems(name, others.hostNames);
  if (reserved.length > 0) return reserved;
  const n = canonical(name);
  const held = others.verifiedOfOthers
    .map(canonical)
    .filter((d) => isSameOrSubdomain(n, d))
    .sort((a, b) => b.length - a.length)[0];
  if (held === undefined) return [];
  return [
    n === held
      ? `${n} is already held by another customer; it cannot take mail here.`
      : `${n} is under ${held}, which another customer holds; ask the holder of ${held} or the operator.`,
  ];
}

/**
 * The DNS servers to ask, from a comma-separated list such as `127.0.0.1:5353, 192.0.2.53` (what
 * MAILPANEL_DNS_SERVERS holds). An empty or missing list means the system's resolvers.
 */
export function parseDnsServers(text: string | undefined): { ok: true; servers: string[] } | { ok: false; problem: string } {
  const entries = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const entry of entries) {
    if (!DNS_SERVER.test(entry)) return { ok: false, problem: `"${entry}" is not an IPv4 address with an optional :port, or [IPv6]:port.` };
  }
  return { ok: true, servers: entries };
}

const DNS_SERVER = /^(?:(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?|\[[0-9a-fA-F:.]+\](?::\d{1,5})?|[0-9a-fA-F]*:[0-9a-fA-F:.]+)$/;

function canonical(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

function isHostName(name: string): boolean {
  return name !== '' && !/^[0-9.]+$/.test(name) && !name.includes(':');
}
