import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { splitAddress } from '../mail/targets';
import { tracedFor, unprovenDomainTrace } from '../mail/told-trace';
import type { Trace } from '../mail/trace-types';
import { DomainError, NotFoundError } from './errors';
import { checkTracedAddress } from '../mail/trace-input';
import { domainScope } from './scope';
import { askHost } from './host-nearby';
import { ownersNamedIn } from '../mail/partial-host';
import { ownerTags } from './visibility';

// "Where does mail to … go?" for an address on a domain the actor may see, told as the actor may be told
// it (lib/mail/told-trace.ts).

export async function traceForActor(actor: Actor, address: string): Promise<Trace & { domainName: string }> {
  // A malformed question is answered as such, before any domain is looked for (lib/mail/trace-input.ts).
  const checked = checkTracedAddress(address);
  if (!checked.ok) throw new DomainError(checked.problems.join(' '), { address: checked.problems });
  const parts = splitAddress(checked.value);
  const domainTyped = parts?.domain ?? '';
  const domain = await db().domain.findFirst({
    where: { AND: [domainScope(actor), { name: domainTyped }] },
    select: { name: true, mailHostId: true, verifiedAt: true },
  });
  if (!domain) throw new NotFoundError(`The domain of ${address.trim() || 'that address'}`);
  // Asked of the part of the host the route reaches (lib/data/host-nearby.ts), not of the whole host.
  const owners = await ownerTags(actor);
  const trace = await askHost(domain.mailHostId, (snapshot) => tracedFor(snapshot, address, owners), ownersNamedIn(owners, [address]));
  return { ...(domain.verifiedAt ? trace : unprovenDomainTrace(trace, domain.name)), domainName: domain.name };
}
