import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { traceAddress } from '../mail/resolve';
import { splitAddress } from '../mail/targets';
import type { Trace } from '../mail/trace-types';
import { NotFoundError } from './errors';
import { domainScope } from './scope';
import { changeSeqOf, snapshotAt } from './snapshot-cache';
import { redactForActor, visibleNames } from './visibility';

// "Where does mail to … go?" for an address on a domain the actor may see. The resolver runs over the
// host's whole snapshot — the MTA does — but what it shows of names that belong to another customer
// (reachable, say, through `%1`) is reduced to "another customer's name on this host".

export async function traceForActor(actor: Actor, address: string): Promise<Trace & { domainName: string }> {
  const parts = splitAddress(address.trim().replace(/^<(.*)>$/, '$1'));
  const domainTyped = parts?.domain.toLowerCase() ?? '';
  const domain = await db().domain.findFirst({
    where: { AND: [domainScope(actor), { name: domainTyped }] },
    select: { name: true, mailHostId: true, customerId: true, customer: { select: { resellerId: true } } },
  });
  if (!domain) throw new NotFoundError(`The domain of ${address.trim() || 'that address'}`);
  const snapshot = await snapshotAt(domain.mailHostId, await changeSeqOf(domain.mailHostId, db()), db());
  const trace = traceAddress(snapshot, address);
  const visible = await visibleNames(actor, domain.mailHostId);
  if (!visible) return { ...trace, domainName: domain.name };
  return { ...redactForActor(trace, snapshot, visible), domainName: domain.name };
}
