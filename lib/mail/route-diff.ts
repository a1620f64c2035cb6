import { changeProbes, freshName } from './probes';
import { traceWith } from './resolve';
import type { MailSnapshot } from './snapshot';
import { hostView, viewNames } from './tenancy';
import { describeOutcome, outcomeSignature } from './trace-summary';
import type { Trace } from './trace-types';
import { virtmapsByDomain } from './virtmap-lookup';

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
  const addresses = probes ?? everyProbe([before, after], others);
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

/** Every name and key of each snapshot at each of its domains, and the names standing for all others. */
function everyProbe(snapshots: MailSnapshot[], others: ReadonlySet<string>): string[] {
  const probes = snapshots.flatMap((given) => {
    // On a host with owners every customer's own names are asked too (as tests/support/probe-addresses.ts does).
    const s = hostView(given);
    const names = [...s.accounts, ...s.aliases, ...viewNames(s).names.values()].map((n) => n.name);
    const keys = virtmapsByDomain(s.virtmaps);
    return s.domains.flatMap((d) =>
      changeProbes({ locals: [...names, ...others, ...(keys.get(d) ?? []).map((v) => v.localPart)], domains: [d] }),
    );
  });
  return [...new Set(probes)].sort();
}
