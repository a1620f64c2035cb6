import type { Actor } from '@/lib/auth/actor';
import { getSyncStatus } from '@/lib/data/mail-hosts';
import { NotFoundError } from '@/lib/data/errors';
import { SyncBadge } from './sync-badge';

/** For the pages of things on a mail host (domain, account, alias): is what you see live there yet? */
export async function HostSyncBadge({ actor, mailHostId }: { actor: Actor; mailHostId: string }) {
  try {
    const { state, mark } = await getSyncStatus(actor, mailHostId);
    return <SyncBadge key={mark ?? state} mailHostId={mailHostId} initial={state} mark={mark} />;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
