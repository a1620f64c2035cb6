import { normalizeDomainName } from './domain-name';
import { indexSnapshot, type MailIndex } from './mail-index';
import { isReservedName } from './names';
import { FLAVOR_RULES, type FlavorRules } from './flavor-rules';
import type { AliasTarget, Flavor, MailSnapshot } from './snapshot';
import { formatAliasTarget, formatVirtmapTarget, splitAddress } from './targets';
import type { Delivery, SmtpReply, Step, Trace } from './trace-types';
import { lookupVirtmap, splitDetail } from './virtmap-lookup';
import { describeDifferences } from './trace-summary';

// The route resolver: where mail to one address goes on a mail host, and why (DOMAIN.md, precedence
// rows 1-9). Two stages, as in the MTAs:
//  1. the address stage (sendmail ruleset 0 with virtusertable; Postfix smtpd + cleanup with
//     virtual_alias_maps): a local domain's virtmaps are tried in DOMAIN.md row 5's order and a target
//     that is an address is looked up again, until a local name, a remote address or a rejection;
//  2. the local stage (sendmail's local mailer; Postfix local(8)): aliases first, then accounts — an
//     alias wins over an account of the same name (row 1) — following alias chains to the end.
// Postfix is configured to route the same way (docs/postfix.md); what still differs is in flavor-rules.ts.

/** Traces `address` on `snapshot` for the host's flavour (or `flavor`), with the other flavour's differences. */
export function traceAddress(snapshot: MailSnapshot, address: string, flavor: Flavor = snapshot.host.flavor): Trace {
  const trace = traceWith(snapshot, address, flavor);
  const other = traceWith(snapshot, address, flavor === 'sendmail' ? 'postfix' : 'sendmail');
  trace.differences = describeDifferences(trace, other);
  return trace;
}

/** Traces without comparing flavours (what traceAddress does twice). */
export function traceWith(snapshot: MailSnapshot, address: string, flavor: Flavor): Trace {
  const ctx = newContext(cachedIndex(snapshot, flavor), flavor);
  const shown = address.trim().replace(/^<(.*)>$/, '$1');
  const trace: Trace = { flavor, address: shown, rcpt: { accepted: true }, deliveries: [], steps: ctx.steps, differences: [] };
  const parsed = parseInput(shown);
  if (typeof parsed === 'string') {
    ctx.steps.push({ kind: 'invalid', depth: 0, address: shown, text: parsed });
    trace.rcpt = { accepted: false, reply: ctx.rules.replies.invalid };
    return trace;
  }
  const routed = parsed.domain === undefined ? localName(ctx, parsed.local) : routeAddress(ctx, ...percentHack(ctx, parsed.local, parsed.domain), 0, new Set());
  const refused = finishRcpt(ctx, routed);
  if (refused) trace.rcpt = { accepted: false, reply: refused };
  else if (routed.kind === 'external' && routed.relay) {
    trace.rcpt = { accepted: true, relay: true, relayDenied: ctx.rules.replies.relayDenied };
  }
  trace.deliveries = refused ? [] : ctx.deliveries;
  return trace;
}

/**
 * Traces a bare local name as the local mailer sees it (aliases, then accounts), as if an alias target
 * named it: what the write-time checks use to follow every alias, reachable by an address or not.
 */
export function traceLocalName(snapshot: MailSnapshot, name: string, flavor: Flavor = snapshot.host.flavor): Trace {
  const ctx = newContext(cachedIndex(snapshot, flavor), flavor);
  deliverLocal(ctx, name, undefined, 0, []);
  return { flavor, address: name, rcpt: { accepted: true }, deliveries: ctx.deliveries, steps: ctx.steps, differences: [] };
}

/** What the address stage ends in. `hops` counts the virtmaps followed. */
type Routed =
  | { kind: 'local'; name: string; detail?: string; hops: number }
  | { kind: 'external'; address: string; relay: boolean; hops: number }
  | { kind: 'reject'; reply: SmtpReply; temporary: boolean; address: string; hops: number }
  | { kind: 'loop'; address: string; hops: number };

interface Context {
  index: MailIndex;
  rules: FlavorRules;
  steps: Step[];
  deliveries: Delivery[];
  delivered: Set<string>;
}

function newContext(index: MailIndex, flavor: Flavor): Context {
  return { index, rules: FLAVOR_RULES[flavor], steps: [], deliveries: [], delivered: new Set() };
}

const indexCache = new WeakMap<MailSnapshot, Partial<Record<Flavor, MailIndex>>>();

function cachedIndex(snapshot: MailSnapshot, flavor: Flavor): MailIndex {
  const entry = indexCache.get(snapshot) ?? {};
  const index = entry[flavor] ?? indexSnapshot(snapshot, flavor);
  entry[flavor] = index;
  indexCache.set(snapshot, entry);
  return index;
}

// Characters that make an address something other than a plain local@domain: quoting, comments, lists,
// source routes and the "%"/"!" routing hacks. The tracer answers for plain addresses only.
const UNTRACEABLE = /[\s"\\()<>,;:[\]!@\u0000-\u001f\u007f]/u;

/** `local@domain`, or a bare local name (no domain); a sentence when the tracer cannot follow it. */
function parseInput(address: string): { local: string; domain?: string } | string {
  if (!address.includes('@')) {
    if (address === '' || UNTRACEABLE.test(address) || address.includes('%')) return 'Enter a full address, such as name@example.com.';
    return { local: address };
  }
  const parts = splitAddress(address);
  if (!parts) return 'Enter a full address, such as name@example.com.';
  if (UNTRACEABLE.test(parts.local)) {
    return 'Only plain addresses can be traced: no quotes, spaces, comments, lists, source routes or "!" paths.';
  }
  const domain = normalizeDomainName(parts.domain);
  if (!domain.ok) return domain.problems.join(' ');
  return { local: parts.local, domain: domain.value };
}

/**
 * An address without a domain is a local name on both MTAs (sendmail's local mailer; Postfix appends
 * $myhostname, a local domain without virtmaps): no virtmaps, straight to aliases and accounts.
 */
function localName(ctx: Context, local: string): Routed {
  const { user, detail } = splitDetail(local);
  ctx.steps.push({ kind: 'noVirtmap', depth: 0, address: local, tried: [], text: `${local} has no domain: it is a local name, looked up in aliases, then accounts (no virtmaps apply).` });
  return detail === undefined ? { kind: 'local', name: user, hops: 0 } : { kind: 'local', name: user, detail, hops: 0 };
}

/**
 * The "percent hack": `user%other@here` on a local domain is rewritten to `user@other` before anything
 * else — sendmail's Parse0 (`$=O` in the local part of a local address) and Postfix's
 * allow_percent_hack (on by default) — so it is relayed to `other` (only for clients that may relay).
 */
function percentHack(ctx: Context, local: string, domain: string): [string, string] {
  let [user, host] = [local, domain];
  while (ctx.index.domains.has(host) && user.lastIndexOf('%') > 0) {
    const at = user.lastIndexOf('%');
    const next = user.slice(at + 1);
    const normalized = normalizeDomainName(next);
    const address = `${user}@${host}`;
    [user, host] = [user.slice(0, at), normalized.ok ? normalized.value : next.toLowerCase()];
    ctx.steps.push({ kind: 'percentHack', depth: 0, address, result: `${user}@${host}`, text: `${address}: "%" in the local part of a local address is a route: it becomes ${user}@${host}.` });
  }
  return [user, host];
}

/** Stage 1: the address through the virtmaps of its domain, following address targets. */
function routeAddress(ctx: Context, local: string, domain: string, depth: number, visited: Set<string>, hops = 0): Routed {
  const address = `${local}@${domain}`;
  if (!ctx.index.domains.has(domain)) {
    ctx.steps.push({ kind: 'relay', depth, address, text: `${domain} is not a domain of this host: mail to ${address} is relayed to that domain's mail server.` });
    return { kind: 'external', address, relay: hops === 0, hops };
  }
  const seen = address.toLowerCase();
  if (visited.has(seen)) {
    ctx.steps.push({ kind: 'virtmapLoop', depth, address, text: `${address} comes back to itself through the virtmaps: a virtmap loop.` });
    return { kind: 'loop', address, hops };
  }
  visited.add(seen);
  const { match, tried } = lookupVirtmap(ctx.index, local, domain);
  if (!match) {
    const { user, detail } = splitDetail(local);
    ctx.steps.push({ kind: 'noVirtmap', depth, address, tried, text: `No virtmap matches ${address} (tried ${tried.join(', ')}): the local name "${user.toLowerCase()}" is looked up in aliases, then accounts.` });
    return detail === undefined ? { kind: 'local', name: user, hops } : { kind: 'local', name: user, detail, hops };
  }
  const target = match.virtmap.target;
  const shown = formatVirtmapTarget(target);
  const step = (result: string, text: string) =>
    ctx.steps.push({ kind: 'virtmap', depth, address, key: match.key, target: shown, result, text });
  const detail = match.unmatchedDetail;
  if (detail && target.kind !== 'reject') {
    ctx.steps.push({ kind: 'detail', depth, detail, handling: 'dropped', text: `The key matched without "+${detail}", so the detail is dropped.` });
  }
  switch (target.kind) {
    case 'reject': {
      const reply = ctx.rules.rejectReply(target.code, target.text);
      step(shown, `${match.key} rejects ${address}.`);
      ctx.steps.push({ kind: 'reject', depth, address, reply, text: `Rejected: ${reply.code} ${reply.status} ${reply.text}` });
      return { kind: 'reject', reply, temporary: target.code === 'tempfail', address, hops };
    }
    case 'local':
      step(target.name, `${match.key} → ${target.name}: a local name, looked up in aliases, then accounts.`);
      return { kind: 'local', name: target.name, hops: hops + 1 };
    case 'localPart': {
      // %1 of an exact `user+detail` key is the whole local part: the local stage splits the detail again.
      step(match.percent1, `${match.key} → %1: the local part "${match.percent1}" as a local name.`);
      const split = splitDetail(match.percent1);
      return { kind: 'local', name: split.user, ...(split.detail !== undefined ? { detail: split.detail } : {}), hops: hops + 1 };
    }
    case 'domainRedirect': {
      const next = `${match.percent1}@${target.domain}`;
      step(next, `${match.key} → %1@${target.domain}: the same local part at ${target.domain}.`);
      return routeAddress(ctx, match.percent1, target.domain, depth + 1, visited, hops + 1);
    }
    case 'external': {
      const parts = splitAddress(target.address) ?? { local: target.address, domain: '' };
      step(target.address, `${match.key} → ${target.address}.`);
      return routeAddress(ctx, parts.local, parts.domain.toLowerCase(), depth + 1, visited, hops + 1);
    }
  }
}

/** Runs the local stage for what stage 1 found; returns the RCPT refusal, if any. */
function finishRcpt(ctx: Context, routed: Routed): SmtpReply | undefined {
  switch (routed.kind) {
    case 'external':
      deliver(ctx, { kind: 'external', address: routed.address });
      return undefined;
    case 'reject':
      return routed.reply;
    case 'loop':
      return ctx.rules.replies.virtmapLoop;
    case 'local': {
      // sendmail parses the address (virtmap chain included) at RCPT and checks that the local name is
      // an alias or a user; the Postfix renderer composes the same decision into `recipients`.
      const known = ctx.index.aliases.has(routed.name.toLowerCase()) || ctx.index.accounts.has(routed.name.toLowerCase()) || isReservedName(routed.name);
      if (!known) {
        const name = routed.name.toLowerCase();
        ctx.steps.push({ kind: 'unknownUser', depth: 0, name, text: `${name} is neither an alias nor an account: refused at RCPT as "User unknown".` });
        return ctx.rules.replies.unknownUser;
      }
      deliverLocal(ctx, routed.name, routed.detail, 0, []);
      return undefined;
    }
  }
}

/** Stage 2: a local name through aliases, then accounts. `path` holds the aliases being expanded. */
function deliverLocal(ctx: Context, name: string, detail: string | undefined, depth: number, path: string[]): void {
  const lower = name.toLowerCase();
  const parent = path[path.length - 1];
  const alias = ctx.index.aliases.get(lower);
  if (lower === parent) {
    ctx.steps.push({ kind: 'selfReference', depth, name: lower, text: `The alias ${lower} names itself: that copy goes to the account ${lower}, not through the alias again.` });
    deliverAccount(ctx, lower, undefined, depth);
    return;
  }
  if (alias && path.includes(lower)) {
    const cycle = [...path.slice(path.indexOf(lower)), lower];
    ctx.steps.push({ kind: 'aliasLoop', depth, name: lower, cycle, text: `The alias ${lower} is already being expanded (${cycle.join(' → ')}): an alias loop; that copy bounces.` });
    bounce(ctx, lower, 'aliasLoop', ctx.rules.messages.aliasLoop(lower));
    return;
  }
  if (alias) {
    const targets = alias.targets.map(formatAliasTarget);
    const shadow = ctx.index.accounts.has(lower) ? ` (the alias wins over the account ${lower})` : '';
    const dropped = detail ? ` "+${detail}" is not passed on.` : '';
    ctx.steps.push({ kind: 'alias', depth, name: lower, targets, text: `${lower} is an alias${shadow}: → ${targets.join(', ')}.${dropped}` });
    for (const target of alias.targets) expandTarget(ctx, target, depth + 1, [...path, lower]);
    return;
  }
  deliverAccount(ctx, lower, detail, depth);
}

function deliverAccount(ctx: Context, name: string, detail: string | undefined, depth: number): void {
  if (ctx.index.accounts.has(name)) {
    const kept = detail ? `, keeping "+${detail.toLowerCase()}"` : '';
    ctx.steps.push({ kind: 'account', depth, name, text: `${name} is an account: delivered to its mailbox${kept}.` });
    deliver(ctx, detail ? { kind: 'account', name, detail: detail.toLowerCase() } : { kind: 'account', name });
  } else if (isReservedName(name)) {
    ctx.steps.push({ kind: 'host', depth, name, text: `${name} is reserved: the mail host's own configuration handles it, not the panel.` });
    deliver(ctx, { kind: 'host', name });
  } else {
    ctx.steps.push({ kind: 'unknownUser', depth, name, text: `${name} is neither an alias nor an account: User unknown.` });
    bounce(ctx, name, 'unknownUser', ctx.rules.messages.unknownUser(name));
  }
}

function expandTarget(ctx: Context, target: AliasTarget, depth: number, path: string[]): void {
  if (target.kind === 'local') return deliverLocal(ctx, target.name, undefined, depth, path);
  if (target.kind === 'account') {
    ctx.steps.push({ kind: 'accountDirect', depth, name: target.name, text: `\\${target.name}: straight to the account ${target.name}, no further aliasing.` });
    return deliverAccount(ctx, target.name.toLowerCase(), undefined, depth);
  }
  const parts = splitAddress(target.address);
  const domain = parts?.domain.toLowerCase() ?? '';
  if (!parts || !ctx.index.domains.has(domain)) {
    ctx.steps.push({ kind: 'external', depth, address: target.address, text: `${target.address}: relayed to its domain's mail server.` });
    return deliver(ctx, { kind: 'external', address: target.address });
  }
  // sendmail re-parses the target, so the virtmaps apply; Postfix gets there by re-injecting the copy
  // through cleanup (docs/postfix.md, difference 3).
  ctx.steps.push({ kind: 'localDomain', depth, address: target.address, text: `${target.address} is on a local domain: it goes back through the virtmaps.` });
  const routed = routeAddress(ctx, parts.local, domain, depth + 1, new Set());
  switch (routed.kind) {
    case 'external': return deliver(ctx, { kind: 'external', address: routed.address });
    case 'reject': return rejectedLater(ctx, routed.address, routed.reply, routed.temporary);
    case 'loop':
      if (ctx.rules.loopAfterRcpt === 'defer') return deliver(ctx, { kind: 'deferred', address: routed.address, message: ctx.rules.messages.virtmapLoop });
      return bounce(ctx, routed.address, 'virtmapLoop', ctx.rules.messages.virtmapLoop);
    case 'local': return deliverLocal(ctx, routed.name, routed.detail, depth + 1, path);
  }
}

/** A rejection met after RCPT: the copy bounces with its words, or waits in the queue if temporary. */
function rejectedLater(ctx: Context, address: string, reply: SmtpReply, temporary: boolean): void {
  const message = `${reply.code} ${reply.status} ${reply.text}`;
  if (temporary) return deliver(ctx, { kind: 'deferred', address, message });
  return bounce(ctx, address, 'rejected', message);
}

function bounce(ctx: Context, address: string, reason: Extract<Delivery, { kind: 'bounce' }>['reason'], message: string): void {
  deliver(ctx, { kind: 'bounce', address, reason, message });
}

/** Adds a delivery once: the MTAs deliver one copy per recipient however many paths reach it. */
function deliver(ctx: Context, delivery: Delivery): void {
  const key = deliveryKey(delivery);
  if (ctx.delivered.has(key)) return;
  ctx.delivered.add(key);
  ctx.deliveries.push(delivery);
}

export function deliveryKey(delivery: Delivery): string {
  switch (delivery.kind) {
    case 'account': return `account:${delivery.name}+${delivery.detail ?? ''}`;
    case 'external': return `external:${delivery.address.toLowerCase()}`;
    case 'bounce': return `bounce:${delivery.reason}:${delivery.address.toLowerCase()}`;
    case 'deferred': return `deferred:${delivery.address.toLowerCase()}`;
    case 'host': return `host:${delivery.name}`;
  }
}
