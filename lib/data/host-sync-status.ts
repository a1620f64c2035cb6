import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { seal, SecretBoxError, unseal } from '../crypto/secret-box';
import { SyncStatusArgs } from '../validation/sync-status';
import { NotFoundError } from './errors';
import { hostStatusScope } from './scope';
import { ownChangeSeq } from './sync-trigger';

// "Live on the mail host" or "waiting for sync", for whoever made a change. The answer is one word; the
// mark is the host's changeSeq when the page was drawn, sealed so it reveals nothing about other tenants'
// activity and cannot be pointed at another host.

export type SyncState = 'live' | 'waiting' | 'failing' | 'off';

const markContext = (mailHostId: string) => `sync-mark:${mailHostId}`;

/**
 * Live when everything the actor saved on the host up to `mark` (by default: up to now, the time of the
 * page that follows a change) is published. Operators wait for everything on the host; a customer or
 * reseller for its own changes only. It never claims "live" early.
 */
export async function getSyncStatus(actor: Actor, mailHostId: string, mark?: string): Promise<{ state: SyncState; mark: string | null }> {
  // The sync badge sends both back from the browser (components/sync/actions.ts): any other value is a host not there.
  if (!SyncStatusArgs.safeParse({ mailHostId, mark: mark ?? null }).success) throw new NotFoundError('That mail host');
  const host = await db().mailHost.findFirst({
    where: { AND: [hostStatusScope(actor), { id: mailHostId }] },
    select: { id: true, enabled: true, changeSeq: true, syncedSeq: true, failingSince: true },
  });
  if (!host) throw new NotFoundError('That mail host');
  const own = await ownChangeSeq(actor, host.id, host.changeSeq);
  const seq = mark ? openMark(mark, host.id) : own;
  const state: SyncState = !host.enabled ? 'off' : host.syncedSeq >= seq ? 'live' : host.failingSince ? 'failing' : 'waiting';
  return { state, mark: mark ?? sealMark(own, host.id) };
}

function sealMark(seq: bigint, mailHostId: string): string | null {
  try {
    return seal(seq.toString(), markContext(mailHostId));
  } catch (error) {
    if (error instanceof SecretBoxError) return null; // no secret configured: compare with "now" instead
    throw error;
  }
}

function openMark(mark: string, mailHostId: string): bigint {
  try {
    const text = unseal(mark, markContext(mailHostId));
    if (/^\d+$/.test(text)) return BigInt(text);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
  }
  throw new NotFoundError('That mail host');
}
