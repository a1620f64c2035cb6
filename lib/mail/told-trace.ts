import { markForwardsOnHost, ownersView, traceInOwnWords } from './own-words';
import { traceAddress } from './resolve';
import type { MailSnapshot } from './snapshot';
import type { Trace } from './trace-types';

// "Where does mail to … go?" as the asker may be told it. Operators see the whole host with its host-level
// names (what is in the maps). A customer or reseller sees its own part of the host in its own words:
// another customer's domains are as if not on the host (docs/tenancy.md), so nothing of their routing
// shows, not even through `x%theirs@mine`.

/** The trace of `address` on `snapshot` for the owners of `owners` (their tags), or for an operator (null). */
export function tracedFor(snapshot: MailSnapshot, address: string, owners: ReadonlySet<string> | null): Trace {
  if (!owners) return traceAddress(snapshot, address);
  const seen = ownersView(snapshot, owners);
  return markForwardsOnHost(traceInOwnWords(traceAddress(seen, address), seen), seen, snapshot);
}

/**
 * A domain whose ownership is not proven yet is not on the mail host (docs/tenancy.md, rule 5): mail from
 * outside is refused as for any domain the host does not hold. Said first, in words.
 */
export function unprovenDomainTrace(trace: Trace, domain: string): Trace {
  const refused = trace.rcpt.accepted && trace.rcpt.relayDenied ? { accepted: false as const, reply: trace.rcpt.relayDenied } : trace.rcpt;
  const note = {
    kind: 'relay' as const,
    depth: 0,
    address: trace.address,
    text: `${domain} is waiting for proof of its ownership (a DNS record or an operator's approval): until then the mail host takes no mail for it.`,
  };
  return { ...trace, rcpt: refused, deliveries: refused.accepted ? trace.deliveries : [], steps: [note, ...trace.steps] };
}
