'use server';

import { requireActor } from '@/lib/session/session';
import { getSyncStatus, type SyncState } from '@/lib/data/host-sync-status';
import { isHiddenOrMissing } from '@/lib/data/errors';

/** The sync badge asks again every few seconds until the change is live (see sync-badge.tsx). */
export async function syncStatusAction(mailHostId: string, mark: string | null): Promise<SyncState | null> {
  const actor = await requireActor();
  try {
    return (await getSyncStatus(actor, mailHostId, mark ?? undefined)).state;
  } catch (error) {
    if (isHiddenOrMissing(error)) return null;
    throw error;
  }
}
