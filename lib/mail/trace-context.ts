import { FLAVOR_RULES, type FlavorRules } from './flavor-rules';
import { indexSnapshot, type MailIndex } from './mail-index';
import { compiledHostView, hostView, viewSource } from './tenancy';
import { patchIndex } from './index-patch';
import { patchedFrom } from './patch-lineage';
import { recordingIndex } from './partial-host';
import type { Flavor, MailSnapshot } from './snapshot';
import type { Delivery, SmtpReply, Step } from './trace-types';

// What one trace accumulates while the resolver's stages run (resolve.ts), and the helpers both stages use.

/** What the address stage ends in. `hops` counts the virtmaps followed. */
export type Routed =
  | { kind: 'local'; name: string; detail?: string; hops: number }
  | { kind: 'external'; address: string; relay: boolean; hops: number }
  | { kind: 'reject'; reply: SmtpReply; temporary: boolean; address: string; hops: number; text: string }
  | { kind: 'loop'; address: string; hops: number };

export interface Context {
  index: MailIndex;
  rules: FlavorRules;
  steps: Step[];
  deliveries: Delivery[];
  delivered: Set<string>;
}

export function newContext(index: MailIndex, flavor: Flavor): Context {
  return { index, rules: FLAVOR_RULES[flavor], steps: [], deliveries: [], delivered: new Set() };
}

// Kept per host view: the resolver asks with a snapshot, the checks with its view; both get one index.
const indexCache = new WeakMap<MailSnapshot, Partial<Record<Flavor, MailIndex>>>();

export function cachedIndex(snapshot: MailSnapshot, flavor: Flavor): MailIndex {
  // A version 2 snapshot is traced on its host view (lib/mail/tenancy.ts): what the MTA is given.
  const view = hostView(snapshot);
  const entry = indexCache.get(view) ?? {};
  const index = entry[flavor] ?? patchedIndex(view, flavor) ?? indexSnapshot(view, flavor);
  entry[flavor] = index;
  indexCache.set(view, entry);
  // On a part of a host (lib/mail/partial-host.ts) every lookup is noted, to load what it lacks.
  return recordingIndex(view, viewSource(view), index) ?? index;
}

/** A patched snapshot's index from the index its origin has already (lib/mail/index-patch.ts), if it has one. */
function patchedIndex(view: MailSnapshot, flavor: Flavor): MailIndex | null {
  const patch = patchedFrom(viewSource(view));
  const origin = patch?.from();
  const from = origin && compiledHostView(origin);
  const base = from && indexCache.get(from)?.[flavor];
  return base && patch ? patchIndex(base, view, patch) : null;
}

export function bounce(ctx: Context, address: string, reason: Extract<Delivery, { kind: 'bounce' }>['reason'], message: string): void {
  deliver(ctx, { kind: 'bounce', address, reason, message });
}

/** Adds a delivery once: the MTAs deliver one copy per recipient however many paths reach it. */
export function deliver(ctx: Context, delivery: Delivery): void {
  const key = deliveryKey(delivery);
  if (ctx.delivered.has(key)) return;
  ctx.delivered.add(key);
  ctx.deliveries.push(delivery);
}

export function deliveryKey(delivery: Delivery): string {
  switch (delivery.kind) {
    case 'account':
      return `account:${delivery.name}+${delivery.detail ?? ''}`;
    case 'external':
      return `external:${delivery.address.toLowerCase()}`;
    case 'bounce':
      return `bounce:${delivery.reason}:${delivery.address.toLowerCase()}`;
    case 'deferred':
      return `deferred:${delivery.address.toLowerCase()}`;
    case 'host':
      return `host:${delivery.name}`;
    case 'discard':
      return 'discard';
  }
}
