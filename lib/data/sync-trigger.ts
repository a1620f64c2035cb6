import './server-only';
import type { Actor } from '../auth/actor';
import { db, type Tx } from '../db/client';
import { ownHostChangesScope } from './scope';

// The sync trigger: every change to a host's mail data bumps the host's changeSeq in the change's own
// transaction, and the worker publishes hosts whose changeSeq is ahead of what is live (syncedSeq). Each
// customer's own last change is kept beside it, so "live on the mail host" can answer for one tenant
// without showing another's edits (docs/tenancy.md, rule 6).

/** Bumps the host's changeSeq (and, for a customer's change, that customer's own mark); returns the new one. */
export async function markHostChanged(tx: Tx, mailHostId: string, customerId?: string | null): Promise<bigint> {
  const seq = (await tx.mailHost.update({ where: { id: mailHostId }, data: { changeSeq: { increment: 1 } }, select: { changeSeq: true } }))
    .changeSeq;
  // The customer's own "live on the mail host" compares with its own last change, never another's.
  if (customerId) {
    await tx.customerHostChange.upsert({
      where: { customerId_mailHostId: { customerId, mailHostId } },
      create: { customerId, mailHostId, changeSeq: seq },
      update: { changeSeq: seq },
    });
  }
  return seq;
}

/**
 * The host's changeSeq at the actor's own last change on it: a customer's badge (and its reseller's) waits
 * for its own changes only, so another tenant's edits never show in it. Operators see the whole host.
 */
export async function ownChangeSeq(actor: Actor, mailHostId: string, hostSeq: bigint): Promise<bigint> {
  if (actor.kind === 'admin' || actor.kind === 'support') return hostSeq;
  const last = await db().customerHostChange.aggregate({
    where: { AND: [ownHostChangesScope(actor), { mailHostId }] },
    _max: { changeSeq: true },
  });
  return last._max.changeSeq ?? 0n;
}
