import { localName, percentHack, routeAddress } from './address-stage';
import { normalizeDomainName } from './domain-name';
import { deliverLocal } from './local-stage';
import { isReservedName } from './names';
import type { Flavor, MailSnapshot } from './snapshot';
import { splitAddress } from './targets';
import { cachedIndex, deliver, newContext, type Context, type Routed } from './trace-context';
import { describeDifferences } from './trace-summary';
import type { SmtpReply, Trace } from './trace-types';

export { deliveryKey } from './trace-context';

// The route resolver: where mail to one address goes on a mail host, and why (DOMAIN.md, precedence
// rows 1-9). Two stages, as in the MTAs:
//  1. the address stage (sendmail ruleset 0 with virtusertable; Postfix smtpd + cleanup with
//     virtual_alias_maps): a local domain's virtmaps are tried in DOMAIN.md row 5's order and a target
//     that is an address is looked up again, until a local name, a remote address or a rejection;
//  2. the local stage (sendmail's local mailer; Postfix local(8)): aliases first, then accounts — an
//     alias wins over an account of the same name (row 1) — following alias chains to the end.
// Stage 1 is address-stage.ts, stage 2 local-stage.ts. Postfix is configured to route the same way
// (docs/postfix.md); what still differs is in flavor-rules.ts.

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
  const routed = isHostItself(snapshot, ctx, parsed.domain)
    ? localName(ctx, parsed.local, parsed.domain)
    : routeAddress(ctx, ...percentHack(ctx, parsed.local, parsed.domain ?? ''), 0, new Set());
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
  if (parts.domain.toLowerCase() === 'localhost') return { local: parts.local, domain: 'localhost' };
  const domain = normalizeDomainName(parts.domain);
  if (!domain.ok) return domain.problems.join(' ');
  return { local: parts.local, domain: domain.value };
}

/**
 * No domain, `localhost` or the host's own name (and not one of its panel domains): local on both MTAs
 * (sendmail's class w; Postfix's mydestination), and no virtmaps are ever written for them.
 */
function isHostItself(snapshot: MailSnapshot, ctx: Context, domain: string | undefined): boolean {
  if (domain === undefined) return true;
  if (ctx.index.domains.has(domain)) return false;
  return domain === 'localhost' || domain === snapshot.host.name.toLowerCase();
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
      const known =
        ctx.index.aliases.has(routed.name.toLowerCase()) ||
        ctx.index.accounts.has(routed.name.toLowerCase()) ||
        isReservedName(routed.name);
      if (!known) {
        const name = routed.name.toLowerCase();
        ctx.steps.push({
          kind: 'unknownUser',
          depth: 0,
          name,
          text: `${name} is neither an alias nor an account: refused at RCPT as "User unknown".`,
        });
        return ctx.rules.replies.unknownUser;
      }
      deliverLocal(ctx, routed.name, routed.detail, 0, []);
      return undefined;
    }
  }
}
