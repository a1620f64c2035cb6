'use client';

import { useEffect, useState } from 'react';
import type { SyncState } from '@/lib/data/host-sync-status';
import { syncBadgeText, type Audience } from '@/lib/sync/status-wording';
import { syncStatusAction } from './actions';

// A failing host is the operator's problem: red for them, a calm amber for the customer or reseller, whose
// change is kept and will be published once the host takes it.
const TONE: Record<Audience, Record<SyncState, string>> = {
  operator: {
    live: 'bg-emerald-100 text-emerald-800',
    waiting: 'bg-amber-100 text-amber-900',
    failing: 'bg-red-100 text-red-800',
    off: 'bg-slate-200 text-slate-700',
  },
  tenant: {
    live: 'bg-emerald-100 text-emerald-800',
    waiting: 'bg-amber-100 text-amber-900',
    failing: 'bg-amber-100 text-amber-900',
    off: 'bg-slate-200 text-slate-700',
  },
};

/**
 * Whether what the page shows is live on the mail host. Drawn by the server right after a change (so the
 * mark is the host's state at that change) and asked again every 2 s (5 s while the host fails) until live.
 */
export function SyncBadge({
  mailHostId,
  initial,
  mark,
  audience,
}: {
  mailHostId: string;
  initial: SyncState;
  mark: string | null;
  audience: Audience;
}) {
  const [state, setState] = useState(initial);
  const [asked, setAsked] = useState(0);
  // A new server drawing (new initial state or mark) starts over from what the server saw: adjusted during
  // render, as React recommends, rather than in an effect that would draw the stale state first.
  const [drawn, setDrawn] = useState({ initial, mark });
  if (drawn.initial !== initial || drawn.mark !== mark) {
    setDrawn({ initial, mark });
    setState(initial);
  }
  useEffect(() => {
    if (state === 'live' || state === 'off') return;
    const timer = setTimeout(
      () => {
        syncStatusAction(mailHostId, mark)
          .then((next) => (next ? setState(next) : undefined))
          .catch(() => undefined)
          .finally(() => setAsked((n) => n + 1));
      },
      state === 'failing' ? 5_000 : 2_000,
    );
    return () => clearTimeout(timer);
  }, [state, asked, mailHostId, mark]);
  return (
    <span
      aria-live="polite"
      aria-atomic="true"
      data-testid="sync-status"
      data-state={state}
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${TONE[audience][state]}`}
    >
      {syncBadgeText(state, audience)}
    </span>
  );
}
