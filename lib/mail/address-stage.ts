import { isTemporaryReject } from './reject-codes';
import { normalizeDomainName } from './domain-name';
import { formatVirtmapTarget, splitAddress } from './targets';
import type { Context, Routed } from './trace-context';
import { lookupVirtmap, splitDetail, type VirtmapMatch } from './virtmap-lookup';

// Stage 1 of the resolver (resolve.ts), the address stage — sendmail's ruleset 0 with virtusertable,
// Postfix's cleanup with virtual_alias_maps: on a local domain the virtmaps are tried in DOMAIN.md row
// 5's order, and a target that is an address is looked up again, until a local name, a remote address,
// a rejection or a loop.

/**
 * An address without a domain, or at the host itself (see resolve.ts), is a local name on both MTAs
 * (sendmail's local mailer; Postfix's local(8)): no virtmaps, straight to aliases and accounts.
 */
export function localName(ctx: Context, local: string, domain?: string): Routed {
  const { user, detail } = splitDetail(local);
  const address = domain === undefined ? local : `${local}@${domain}`;
  const why = domain === undefined ? 'has no domain' : 'is at the mail host itself, not at one of its domains';
  ctx.steps.push({
    kind: 'noVirtmap',
    depth: 0,
    address,
    tried: [],
    text: `${address} ${why}: it is a local name, looked up in aliases, then accounts (no virtmaps apply).`,
  });
  return detail === undefined ? { kind: 'local', name: user, hops: 0 } : { kind: 'local', name: user, detail, hops: 0 };
}

/**
 * The "percent hack": `user%other@here` on a local domain is rewritten to `user@other` before anything
 * else — sendmail's Parse0 (`$=O` in the local part of a local address) and Postfix's
 * allow_percent_hack (on by default) — so it is relayed to `other` (only for clients that may relay).
 */
export function percentHack(ctx: Context, local: string, domain: string): [string, string] {
  let [user, host] = [local, domain];
  while (ctx.index.domains.has(host) && user.lastIndexOf('%') > 0) {
    const at = user.lastIndexOf('%');
    const next = user.slice(at + 1);
    const normalized = normalizeDomainName(next);
    const address = `${user}@${host}`;
    [user, host] = [user.slice(0, at), normalized.ok ? normalized.value : next.toLowerCase()];
    ctx.steps.push({
      kind: 'percentHack',
      depth: 0,
      address,
      result: `${user}@${host}`,
      text: `${address}: "%" in the local part of a local address is a route: it becomes ${user}@${host}.`,
    });
  }
  return [user, host];
}

/** Stage 1: the address through the virtmaps of its domain, following address targets. */
export function routeAddress(ctx: Context, local: string, domain: string, depth: number, visited: Set<string>, hops = 0): Routed {
  const address = `${local}@${domain}`;
  if (!ctx.index.domains.has(domain)) {
    ctx.steps.push({
      kind: 'relay',
      depth,
      address,
      text: `${domain} is not a domain of this host: mail to ${address} is relayed to that domain's mail server.`,
    });
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
    ctx.steps.push({
      kind: 'noVirtmap',
      depth,
      address,
      tried,
      text: `No virtmap matches ${address} (tried ${tried.join(', ')}): the local name "${user.toLowerCase()}" is looked up in aliases, then accounts.`,
    });
    return detail === undefined ? { kind: 'local', name: user, hops } : { kind: 'local', name: user, detail, hops };
  }
  const target = match.virtmap.target;
  if (match.virtmap.implicit) return implicitMatch(ctx, match, tried, address, depth, hops);
  const shown = formatVirtmapTarget(target);
  const step = (result: string, text: string) =>
    ctx.steps.push({ kind: 'virtmap', depth, address, key: match.key, target: shown, result, text });
  // %3: the address's "+detail" after the target's local part, when the key matched without it.
  const passed = target.kind !== 'reject' && target.keepDetail && match.detail !== undefined ? `+${match.detail}` : '';
  const detail = match.unmatchedDetail;
  if (passed) {
    ctx.steps.push({
      kind: 'detail',
      depth,
      detail: match.detail ?? '',
      handling: 'kept',
      text: `The target passes the detail on (%3): "${passed}" follows its local part.`,
    });
  } else if (detail && target.kind !== 'reject') {
    ctx.steps.push({
      kind: 'detail',
      depth,
      detail,
      handling: 'dropped',
      text: `The key matched without "+${detail}", so the detail is dropped.`,
    });
  }
  switch (target.kind) {
    case 'reject': {
      const reply = ctx.rules.rejectReply(target.code, target.text);
      step(shown, `${match.key} rejects ${address}.`);
      ctx.steps.push({ kind: 'reject', depth, address, reply, text: `Rejected: ${reply.code} ${reply.status} ${reply.text}` });
      return { kind: 'reject', reply, temporary: isTemporaryReject(target.code), address, hops, text: target.text };
    }
    case 'local': {
      const local = target.detail !== undefined ? `${target.name}+${target.detail}` : target.name + passed;
      step(local, `${match.key} → ${local}: a local name, looked up in aliases, then accounts.`);
      return localRouted(ctx, '', local, hops + 1);
    }
    case 'localPart': {
      // %1 of an exact `user+detail` key is the whole local part: the local stage splits the detail again.
      // With a prefix (a customer's `%1`, lib/mail/tenancy.ts) the local part is one of that customer's names.
      const prefix = target.prefix ?? '';
      const local = match.percent1 + passed;
      step(prefix + local, `${match.key} → %1${passed ? '%3' : ''}: the local part "${local}" as a local name.`);
      return localRouted(ctx, prefix, local, hops + 1);
    }
    case 'domainRedirect': {
      const local = match.percent1 + passed;
      const next = `${local}@${target.domain}`;
      step(next, `${match.key} → ${shown}: the same local part at ${target.domain}.`);
      return routeAddress(ctx, local, target.domain, depth + 1, visited, hops + 1);
    }
    case 'external': {
      const parts = splitAddress(target.address) ?? { local: target.address, domain: '' };
      const next = `${parts.local}${passed}@${parts.domain}`;
      step(next, `${match.key} → ${next}.`);
      return routeAddress(ctx, parts.local + passed, parts.domain.toLowerCase(), depth + 1, visited, hops + 1);
    }
  }
}

/**
 * A virtmap result that is a local name, `prefix` + its user part, with its +detail. sendmail's ruleset 5
 * reads a name `user+*` as "user, with the detail held in $h" (proto.m4: `R$+ + * $#local $@ $&h`), which
 * is empty here: `%1` of an exact wildcard key (`joe+*@d`, asked as such) delivers without a detail (measured).
 */
function localRouted(ctx: Context, prefix: string, local: string, hops: number): Routed {
  const { user, detail } = splitDetail(local);
  const kept = detail !== undefined && !(detail === '*' && ctx.index.flavor === 'sendmail');
  return kept ? { kind: 'local', name: prefix + user, detail, hops } : { kind: 'local', name: prefix + user, hops };
}

/**
 * A virtmap the panel added for the tenancy rule (lib/mail/tenancy.ts), told in those words rather than as
 * a virtmap someone made: the fall-through to the customer's own names, a strict domain's refusal, and
 * postmaster@/abuse@ kept for the mail host.
 */
function implicitMatch(ctx: Context, match: VirtmapMatch, tried: string[], address: string, depth: number, hops: number): Routed {
  const { virtmap, key } = match;
  const domain = virtmap.domain;
  const target = virtmap.target;
  if (target.kind === 'reject') {
    const reply = ctx.rules.rejectReply(target.code, target.text);
    ctx.steps.push({
      kind: 'noVirtmap',
      depth,
      address,
      tried,
      text: `No address of ${domain} takes ${address}, and ${domain} is strict: only its own addresses exist.`,
    });
    ctx.steps.push({ kind: 'reject', depth, address, reply, text: `Rejected: ${reply.code} ${reply.status} ${reply.text}` });
    return { kind: 'reject', reply, temporary: false, address, hops, text: target.text };
  }
  if (target.kind === 'local') {
    ctx.steps.push({
      kind: 'virtmap',
      depth,
      address,
      key,
      target: target.name,
      result: target.name,
      text: `${key}: every domain's ${virtmap.localPart}@ goes to the mail host's ${target.name} (RFC 5321), unless the customer gives it an address of its own.`,
    });
    return { kind: 'local', name: target.name, hops: hops + 1 };
  }
  const prefix = target.kind === 'localPart' ? (target.prefix ?? '') : '';
  const user = splitDetail(match.percent1).user;
  const dropped = match.unmatchedDetail ? ` "+${match.unmatchedDetail}" is not passed on.` : '';
  ctx.steps.push({
    kind: 'noVirtmap',
    depth,
    address,
    tried,
    text: `No address of ${domain} takes ${address}: "${user.toLowerCase()}" is looked up among the names of ${domain}'s customer (aliases, then accounts), and only there.${dropped}`,
  });
  return { kind: 'local', name: prefix + user, hops };
}
