import { routeAddress } from './address-stage';
import { isReservedName } from './names';
import type { AliasTarget } from './snapshot';
import { formatAliasTarget, splitAddress } from './targets';
import { bounce, deliver, type Context, type Routed } from './trace-context';

// Stage 2 of the resolver (resolve.ts), the local stage — sendmail's local mailer, Postfix's local(8):
// aliases first, then accounts (an alias wins over an account of the same name, DOMAIN.md row 1),
// alias chains followed to the end, a self-reference delivered to the account, a loop broken.

/** Stage 2: a local name through aliases, then accounts. `path` holds the aliases being expanded. */
export function deliverLocal(ctx: Context, name: string, detail: string | undefined, depth: number, path: string[]): void {
  const lower = name.toLowerCase();
  const parent = path[path.length - 1];
  const alias = ctx.index.aliases.get(lower);
  if (alias && detail !== undefined && path.includes(lower)) {
    if (ctx.index.flavor === 'sendmail') return droppedDuplicate(ctx, lower, detail, depth);
    if (lower === parent) return deliverAccount(ctx, lower, detail, depth);
  }
  if (lower === parent) {
    ctx.steps.push({
      kind: 'selfReference',
      depth,
      name: lower,
      text: `The alias ${lower} names itself: that copy goes to the account ${lower}, not through the alias again.`,
    });
    deliverAccount(ctx, lower, undefined, depth);
    return;
  }
  if (alias && path.includes(lower)) {
    const cycle = [...path.slice(path.indexOf(lower)), lower];
    ctx.steps.push({
      kind: 'aliasLoop',
      depth,
      name: lower,
      cycle,
      text: `The alias ${lower} is already being expanded (${cycle.join(' → ')}): an alias loop; that copy bounces.`,
    });
    bounce(ctx, lower, 'aliasLoop', ctx.rules.messages.aliasLoop(lower));
    return;
  }
  if (alias) {
    const targets = alias.targets.map(formatAliasTarget);
    const shadow = ctx.index.accounts.has(lower) ? ` (the alias wins over the account ${lower})` : '';
    const dropped = detail ? ` "+${detail}" is not passed on.` : '';
    ctx.steps.push({
      kind: 'alias',
      depth,
      name: lower,
      targets,
      text: `${lower} is an alias${shadow}: → ${targets.join(', ')}.${dropped}`,
    });
    for (const target of alias.targets) expandTarget(ctx, target, depth + 1, [...path, lower]);
    return;
  }
  deliverAccount(ctx, lower, detail, depth);
}

/**
 * `name+detail` naming an alias that is being expanded (`joe: joe+copy, jane`; `a: b+x`, `b: a+y`), measured:
 * sendmail looks it up as `name`, finds the alias it is already expanding and drops that copy as a
 * duplicate, silently; Postfix's local(8) delivers an alias's own name to the account (with the detail) and
 * bounces a longer loop, as without a detail. The panel refuses a +detail on an alias target that names an
 * alias (lib/mail/snapshot-checks.ts); an imported or printed snapshot may still hold one.
 */
function droppedDuplicate(ctx: Context, name: string, detail: string, depth: number): void {
  ctx.steps.push({
    kind: 'duplicateDropped',
    depth,
    name,
    detail,
    text: `${name}+${detail} is the alias ${name}, which is already being expanded: sendmail drops that copy as a duplicate.`,
  });
}

function deliverAccount(ctx: Context, name: string, detail: string | undefined, depth: number): void {
  if (ctx.index.accounts.has(name)) {
    const kept = detail ? `, keeping "+${detail.toLowerCase()}"` : '';
    ctx.steps.push({ kind: 'account', depth, name, text: `${name} is an account: delivered to its mailbox${kept}.` });
    deliver(ctx, detail ? { kind: 'account', name, detail: detail.toLowerCase() } : { kind: 'account', name });
  } else if (isReservedName(name)) {
    ctx.steps.push({
      kind: 'host',
      depth,
      name,
      text: `${name} is reserved: the mail host's own configuration handles it, not the panel.`,
    });
    deliver(ctx, { kind: 'host', name });
  } else {
    ctx.steps.push({ kind: 'unknownUser', depth, name, text: `${name} is neither an alias nor an account: User unknown.` });
    bounce(ctx, name, 'unknownUser', ctx.rules.messages.unknownUser(name));
  }
}

function expandTarget(ctx: Context, target: AliasTarget, depth: number, path: string[]): void {
  if (target.kind === 'local') return deliverLocal(ctx, target.name, target.detail, depth, path);
  if (target.kind === 'account') {
    ctx.steps.push({
      kind: 'accountDirect',
      depth,
      name: target.name,
      text: `\\${target.name}: straight to the account ${target.name}, no further aliasing.`,
    });
    return deliverAccount(ctx, target.name.toLowerCase(), undefined, depth);
  }
  if (target.kind === 'discard') {
    ctx.steps.push({ kind: 'discard', depth, text: '/dev/null: this copy is accepted and thrown away.' });
    return deliver(ctx, { kind: 'discard' });
  }
  const parts = splitAddress(target.address);
  const domain = parts?.domain.toLowerCase() ?? '';
  if (!parts || !ctx.index.domains.has(domain)) {
    ctx.steps.push({ kind: 'external', depth, address: target.address, text: `${target.address}: relayed to its domain's mail server.` });
    return deliver(ctx, { kind: 'external', address: target.address });
  }
  // sendmail re-parses the target, so the virtmaps apply; Postfix gets there by re-injecting the copy
  // through cleanup (docs/postfix.md, difference 3).
  ctx.steps.push({
    kind: 'localDomain',
    depth,
    address: target.address,
    text: `${target.address} is on a local domain: it goes back through the virtmaps.`,
  });
  const routed = routeAddress(ctx, parts.local, domain, depth + 1, new Set());
  switch (routed.kind) {
    case 'external':
      return deliver(ctx, { kind: 'external', address: routed.address });
    case 'reject':
      return rejectedLater(ctx, routed);
    case 'loop':
      if (ctx.rules.loopAfterRcpt === 'defer')
        return deliver(ctx, { kind: 'deferred', address: routed.address, message: ctx.rules.messages.virtmapLoop });
      return bounce(ctx, routed.address, 'virtmapLoop', ctx.rules.messages.virtmapLoop);
    case 'local':
      return deliverLocal(ctx, routed.name, routed.detail, depth + 1, path);
  }
}

/** A rejection met after RCPT: the copy bounces with its words, or waits in the queue if temporary. */
function rejectedLater(ctx: Context, routed: Extract<Routed, { kind: 'reject' }>): void {
  const { address, reply, temporary } = routed;
  const message = `${reply.code} ${reply.status} ${routed.text}`;
  if (temporary) return deliver(ctx, { kind: 'deferred', address, message });
  return bounce(ctx, address, 'rejected', message);
}
