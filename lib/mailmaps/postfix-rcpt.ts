import { isReservedName } from '../mail/names';
import { rejectStatus, type RejectCode } from '../mail/reject-codes';
import type { MailSnapshot, SnapshotVirtmap, VirtmapTarget } from '../mail/snapshot';
import { splitDetail } from '../mail/virtmap-lookup';

// What Postfix's smtpd must answer at RCPT time, computed from the snapshot (docs/postfix.md).
//
// sendmail rewrites an address through virtusertable while it parses RCPT TO, so a chain of virtmaps
// (`a@d → b@d`, a catch-all `%1@otherlocaldomain`) is followed to its end before it answers: a chain that
// ends in a rejection is refused with that rejection, one that ends in an unknown local name with
// "User unknown", one that comes back to itself with "excessive recursion". Postfix's smtpd does not
// expand virtual aliases; it only looks the address up. So the renderer follows the chains itself and
// writes the verdicts: smtpd runs with an empty virtual_alias_maps and decides from `recipients`
// (accepted) and `access` (refused). This module is that computation; its lookup order is DOMAIN.md
// row 5 (`user+detail@d`, `user@d`, `@d`: sendmail's wildcard keys are left out of Postfix's files).

export interface Reply {
  code: number;
  status: string;
  text: string;
}

export type Outcome = 'accept' | Reply;
/**
 * For "any other local part" of a domain: `{ names: prefix }` means "accepted if prefix + the local part
 * (without +detail) is an alias or account name" — the classic fall-through (prefix "") or a customer's
 * `prefix%1` catch-all on a host with owners (lib/mail/tenancy.ts).
 */
export type DomainDefault = Outcome | { names: string };

/** The words Postfix itself uses when local_recipient_maps does not know a name. */
export const UNKNOWN_USER: Reply = { code: 550, status: '5.1.1', text: 'User unknown in local recipient table' };
/** sendmail answers "554 5.0.0 rewrite: excessive recursion"; Postfix would keep the mail queued. */
export const VIRTMAP_LOOP: Reply = { code: 554, status: '5.0.0', text: 'Virtual alias loop' };

export interface DomainKeys {
  keys: Map<string, VirtmapTarget>;
  catchAll?: VirtmapTarget;
}

/**
 * What a computation read of the index: the domains (local or not), the names and the name prefixes it
 * looked up. A verdict depends on nothing else, so it changes only when one of these does — what the
 * render that follows a patch (lib/mailmaps/render-reuse.ts) makes a domain's verdicts again for.
 */
export interface RcptReads {
  domains: Set<string>;
  names: Set<string>;
  prefixes: Set<string>;
}

export interface RcptIndex {
  names: Set<string>;
  domains: Map<string, DomainKeys>;
  /**
   * Host views of a host with owners: names the host reserves (postmaster, abuse… — the implicit
   * `postmaster@d → postmaster`) are accepted, as the resolver accepts them; the host's own aliases
   * deliver them. A classic host's verdicts stay as they were (see nameOutcome).
   */
  reservedAccepted: boolean;
  /** Names grouped by prefix, made on first use (see localsWithPrefix). */
  byPrefix?: Map<string, string[]>;
  /** Where set, every lookup is recorded here. */
  reads?: RcptReads;
}

/** Indexes the local domains' virtmaps (each local domain's list: virtmaps of other domains are never rendered). */
export function rcptIndex(
  lists: ReadonlyMap<string, readonly SnapshotVirtmap[]>,
  snapshot: MailSnapshot,
  reservedAccepted = false,
): RcptIndex {
  const domains = new Map<string, DomainKeys>();
  for (const [domain, list] of lists) domains.set(domain, domainKeys(list));
  const names = new Set([...snapshot.accounts.map((a) => a.name), ...snapshot.aliases.map((a) => a.name)]);
  return { names, domains, reservedAccepted };
}

/** One domain's keys: the first virtmap of each local part, the first catch-all. */
export function domainKeys(list: readonly SnapshotVirtmap[]): DomainKeys {
  const entry: DomainKeys = { keys: new Map() };
  for (const v of list) {
    if (v.localPart === '') entry.catchAll ??= v.target;
    else if (!entry.keys.has(v.localPart)) entry.keys.set(v.localPart, v.target);
  }
  return entry;
}

/** A name now held or no longer held (the patched render): the names and their groups by prefix follow. */
export function setName(ix: RcptIndex, name: string, held: boolean): void {
  if (held === ix.names.has(name)) return;
  if (held) ix.names.add(name);
  else ix.names.delete(name);
  const dash = name.indexOf('-');
  if (!ix.byPrefix || dash <= 0) return;
  const key = name.slice(0, dash + 1);
  const rest = name.slice(dash + 1);
  const list = (ix.byPrefix.get(key) ?? []).filter((x) => x !== rest);
  if (held) list.push(rest);
  ix.byPrefix.set(key, list);
}

/** The prefixes whose names change when `name` comes or goes (see localsWithPrefix). */
export function prefixesOf(name: string): string[] {
  const dash = name.indexOf('-');
  return dash <= 0 ? [''] : ['', name.slice(0, dash + 1)];
}

function keysOf(ix: RcptIndex, domain: string): DomainKeys | undefined {
  ix.reads?.domains.add(domain);
  return ix.domains.get(domain);
}

function isLocal(ix: RcptIndex, domain: string): boolean {
  ix.reads?.domains.add(domain);
  return ix.domains.has(domain);
}

/**
 * The virtmap that takes `local@domain`, what `%1` is for it, and what `%3` is (the "+detail" when the key
 * matched without it): exact key, `user@d`, then `@d`.
 */
export function matchVirtmap(keys: DomainKeys, local: string): { target: VirtmapTarget; percent1: string; percent3: string } | undefined {
  const lower = local.toLowerCase();
  const exact = keys.keys.get(lower);
  if (exact) return { target: exact, percent1: local, percent3: '' };
  const { user, detail } = splitDetail(local);
  const percent3 = detail !== undefined ? `+${detail}` : '';
  if (detail !== undefined) {
    const plain = keys.keys.get(user.toLowerCase());
    if (plain) return { target: plain, percent1: user, percent3 };
  }
  return keys.catchAll ? { target: keys.catchAll, percent1: user, percent3 } : undefined;
}

export function rejectReply(code: RejectCode, text: string): Reply {
  return { ...rejectStatus(code), text };
}

/** The RCPT verdict for one address, following its virtmap chain as sendmail does. */
export function addressOutcome(ix: RcptIndex, local: string, domain: string, chain?: Set<string>): Outcome {
  const d = domain.toLowerCase();
  const keys = keysOf(ix, d);
  if (!keys) return 'accept';
  const match = matchVirtmap(keys, local);
  if (!match) return nameOutcome(ix, splitDetail(local).user);
  const target = match.target;
  // `%3`: the detail follows an address on to its next domain, where a key with that detail may take it.
  const p3 = target.kind !== 'reject' && target.keepDetail ? match.percent3 : '';
  switch (target.kind) {
    case 'reject':
      return rejectReply(target.code, target.text);
    case 'local':
      return nameOutcome(ix, target.name);
    case 'localPart':
      return nameOutcome(ix, (target.prefix ?? '') + splitDetail(match.percent1).user);
    case 'domainRedirect':
      return follow(ix, `${local}@${d}`, match.percent1 + p3, target.domain, chain);
    case 'external': {
      const at = target.address.lastIndexOf('@');
      return follow(ix, `${local}@${d}`, target.address.slice(0, at) + p3, target.address.slice(at + 1), chain);
    }
  }
}

/**
 * One more step of a chain; an address met again is a loop. The set of visited addresses is made only
 * when a chain is followed (most addresses end at once; a set per address was a big host's garbage).
 */
function follow(ix: RcptIndex, from: string, local: string, domain: string, chain = new Set<string>()): Outcome {
  const seen = from.toLowerCase();
  if (chain.has(seen)) return VIRTMAP_LOOP;
  chain.add(seen);
  return addressOutcome(ix, local, domain, chain);
}

/**
 * A local name is accepted if it is an alias or account — or, on a host with owners, a name the host
 * reserves. (A classic host refuses a chain that ends in a reserved name such as `nobody`, where the
 * resolver and sendmail accept it: kept as it was, and reported; see docs/postfix.md.)
 */
function nameOutcome(ix: RcptIndex, name: string): Outcome {
  const lower = name.toLowerCase();
  ix.reads?.names.add(lower);
  return ix.names.has(lower) || (ix.reservedAccepted && isReservedName(lower)) ? 'accept' : UNKNOWN_USER;
}

/**
 * The local parts `u` for which `prefix + u` is an alias or account name. A customer's prefix is its tag
 * and "-" (a tag has no "-"; the renderer refuses any other prefix), so the names are grouped once by
 * what precedes their first "-": one pass for the whole host, not one per domain.
 */
export function localsWithPrefix(ix: RcptIndex, prefix: string): readonly string[] {
  ix.reads?.prefixes.add(prefix);
  if (prefix === '') return [...ix.names];
  if (!ix.byPrefix) {
    ix.byPrefix = new Map();
    for (const name of ix.names) {
      const dash = name.indexOf('-');
      if (dash <= 0) continue;
      const key = name.slice(0, dash + 1);
      const list = ix.byPrefix.get(key) ?? [];
      list.push(name.slice(dash + 1));
      ix.byPrefix.set(key, list);
    }
  }
  return ix.byPrefix.get(prefix) ?? [];
}

/** The verdict for a local part of `domain` that no key of the domain (or of a redirect's domain) names. */
export function domainDefault(ix: RcptIndex, domain: string, seen = new Set([domain])): DomainDefault {
  const target = keysOf(ix, domain)?.catchAll;
  if (!target) return { names: '' };
  switch (target.kind) {
    case 'reject':
      return rejectReply(target.code, target.text);
    case 'local':
      return nameOutcome(ix, target.name);
    case 'localPart':
      return { names: target.prefix ?? '' };
    case 'external': {
      const at = target.address.lastIndexOf('@');
      return addressOutcome(ix, target.address.slice(0, at), target.address.slice(at + 1));
    }
    case 'domainRedirect': {
      if (!isLocal(ix, target.domain)) return 'accept';
      if (seen.has(target.domain)) return VIRTMAP_LOOP;
      return domainDefault(ix, target.domain, new Set([...seen, target.domain]));
    }
  }
}

/**
 * The local parts of `domain` whose verdict may differ from the domain's default: its own keys, and the
 * plain keys of every local domain its catch-all redirects to (`%1@other`, followed transitively).
 */
export function decisiveLocalParts(ix: RcptIndex, domain: string): string[] {
  const own = keysOf(ix, domain)?.keys ?? new Map<string, VirtmapTarget>();
  const locals = new Set(own.keys());
  // A key that passes the detail on to an address on this host (`help@d → x%3@e`) meets e's keys
  // `x+foo`: `help+foo@d` gets a verdict of its own.
  for (const [local, target] of own) {
    if (local.includes('+') || (target.kind !== 'external' && target.kind !== 'domainRedirect') || !target.keepDetail) continue;
    const at = target.kind === 'external' ? target.address.lastIndexOf('@') : -1;
    const [user, next] =
      target.kind === 'external' ? [target.address.slice(0, at).toLowerCase(), target.address.slice(at + 1)] : [local, target.domain];
    for (const key of keysOf(ix, next)?.keys.keys() ?? []) if (key.startsWith(`${user}+`)) locals.add(`${local}${key.slice(user.length)}`);
  }
  const seen = new Set([domain]);
  let target = keysOf(ix, domain)?.catchAll;
  // Keys with a "+detail" are reached through redirects that pass the detail on (`%1%3@e`) all the way.
  let detailed = true;
  while (target?.kind === 'domainRedirect' && isLocal(ix, target.domain) && !seen.has(target.domain)) {
    seen.add(target.domain);
    detailed &&= target.keepDetail === true;
    const next = keysOf(ix, target.domain);
    for (const key of next?.keys.keys() ?? []) if (detailed || !key.includes('+')) locals.add(key);
    target = next?.catchAll;
  }
  return [...locals];
}
