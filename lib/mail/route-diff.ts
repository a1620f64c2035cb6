import { freshName, probeAddresses } from './probes';
import { traceWith } from './resolve';
import type { MailSnapshot } from './snapshot';
import { describeOutcome, outcomeSignature } from './trace-summary';
import type { Trace } from './trace-types';

// "Which addresses will route differently after this change?" — the preview on every edit form and the
// list shown before removing a virtmap or an alias (DOMAIN.md, "What the panel must make visible").

export interface RouteChange {
  address: string;
  /** True for the probe that stands for "any other address at this domain" (an unknown name). */
  anyOther: boolean;
  before: Trace;
  after: Trace;
  /** describeOutcome of each side, for display. */
  beforeText: string[];
  afterText: string[];
}

/**
 * A RouteChange as the user is shown it (and confirms it): the address and each side's outcome in words.
 * The confirmation token signs exactly these, so it stays small and free of whole traces.
 */
export interface ShownRouteChange {
  address: string;
  before: string;
  after: string;
}

/**
 * The addresses whose outcome (RCPT reply or deliveries) differs between `before` and `after`, traced
 * with the flavour of `after`'s host. Without `probes`, every name and key on every domain (plus an
 * unknown name standing for all others) of either snapshot.
 */
export function diffRoutes(before: MailSnapshot, after: MailSnapshot, probes?: string[]): RouteChange[] {
  const flavor = after.host.flavor;
  const others = new Set([freshName(before), freshName(after)]);
  const addresses = probes ?? [...new Set([...previewProbes(before, others), ...previewProbes(after, others)])].sort();
  const changes: RouteChange[] = [];
  for (const address of addresses) {
    const was = traceWith(before, address, flavor);
    const will = traceWith(after, address, flavor);
    if (outcomeSignature(was) === outcomeSignature(will)) continue;
    const local = address.slice(0, address.lastIndexOf('@'));
    changes.push({
      address,
      anyOther: others.has(local),
      before: was,
      after: will,
      beforeText: describeOutcome(was),
      afterText: describeOutcome(will),
    });
  }
  return changes;
}

function previewProbes(snapshot: MailSnapshot, others: ReadonlySet<string>): string[] {
  const probes = probeAddresses(snapshot, { upperCase: false, details: false }).filter((a) => a.includes('@'));
  const local = new Set(snapshot.domains);
  const extra = [...others].flatMap((name) => snapshot.domains.map((d) => `${name}@${d}`));
  return [...probes.filter((a) => local.has(a.slice(a.lastIndexOf('@') + 1))), ...extra];
}
