import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { markForwardsOnHost, ownersView, traceInOwnWords } from '../mail/own-words';
import { traceAddress } from '../mail/resolve';
import { splitAddress } from '../mail/targets';
import type { Trace } from '../mail/trace-types';
import { NotFoundError } from './errors';
import { domainScope } from './scope';
import { changeSeqOf, snapshotAt } from './snapshot-cache';
import { ownerTags } from './visibility';

// "Where does mail to … go?" for an address on a domain the actor may see. Operators see the whole host
// with its host-level names (what is in the maps). A customer or reseller sees its own part of the host
// in its own words: another customer's domains are as if not on the host (docs/tenancy.md), so nothing
// of their routing shows, not even through `x%theirs@mine`.

export async function traceForActor(actor: Actor, address: string): Promise<Trace & { domainName: string }> {
  const parts = splitAddress(address.trim().replace(/^<(.*)>$/, '$1'));
  const domainTyped = parts?.domain.toLowerCase() ?? '';
  const domain = await db().domain.findFirst({
    where: { AND: [domainScope(actor), { name: domainTyped }] },
    select: { name: true, mailHostId: true, verifiedAt: true },
  });
  if (!domain) throw new NotFoundError(`The domain of ${address.trim() || 'that address'}`);
  const snapshot = await snapshotAt(domain.mailHostId, await changeSeqOf(domain.mailHostId, db()), db());
  const owners = await ownerTags(actor);
  const seen = owners ? ownersView(snapshot, owners) : snapshot;
  const traced = traceAddress(seen, address);
  const trace = owners ? markForwardsOnHost(traceInOwnWords(traced, seen), seen, snapshot) : traced;
  return { ...(domain.verifiedAt ? trace : pending(trace, domain.name)), domainName: domain.name };
}

/**
 * A domain whose ownership is not proven yet is not on the mail host (docs/tenancy.md, rule 5): mail from
 * outside is refused as for any domain the host does not hold. Said first, in words.
 */
function pending(trace: Trace, domain: string): Trace {
  const refused = trace.rcpt.accepted && trace.rcpt.relayDenied ? { accepted: false as const, reply: trace.rcpt.relayDenied } : trace.rcpt;
  const note = {
    kind: 'relay' as const,
    depth: 0,
    address: trace.address,
    text: `${domain} is waiting for proof of its ownership (a DNS record or an operator's approval): until then the mail host takes no mail for it.`,
  };
  return { ...trace, rcpt: refused, deliveries: refused.accepted ? trace.deliveries : [], steps: [note, ...trace.steps] };
}
