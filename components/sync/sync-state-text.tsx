import { syncBadgeText, type BadgeState } from '@/lib/sync/status-wording';

/** A sync state in the words a reseller or customer reads (never a tool's error: lib/sync/status-wording.ts). */
export function SyncStateText({ state }: { state: BadgeState }) {
  return <>{syncBadgeText(state, 'tenant')}</>;
}
