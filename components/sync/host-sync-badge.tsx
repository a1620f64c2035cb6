import type { Actor } from '@/lib/auth/actor';
import { getSyncStatus } from '@/lib/data/host-sync-status';
import { isHiddenOrMissing } from '@/lib/data/errors';
import { audienceOf } from '@/lib/sync/status-wording';
import { SyncBadge } from './sync-badge';

/** For the pages of things on a mail host (domain, account, alias): is what you see live there yet? */
export async function HostSyncBadge({ actor, mailHostId }: { actor: Actor; mailHostId: string }) {
  let status: Awaited<ReturnType<typeof getSyncStatus>>;
  try {
    status = await getSyncStatus(actor, mailHostId);
  } catch (error) {
    if (isHiddenOrMissing(error)) return null;
    throw error;
  }
  return (
    <SyncBadge
      key={status.mark ?? status.state}
      mailHostId={mailHostId}
      initial={status.state}
      mark={status.mark}
      audience={audienceOf(actor.kind)}
    />
  );
}
