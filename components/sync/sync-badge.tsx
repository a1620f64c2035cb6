'use client';

import { useEffect, useState } from 'react';
import type { SyncState } from '@/lib/data/host-sync-status';
import { syncStatusAction } from './actions';

const LOOK: Record<SyncState, { text: string; tone: string }> = {
  live: { text: 'Live on the mail host', tone: 'bg-emerald-100 text-emerald-800' },
  waiting: { text: 'Waiting for sync', tone: 'bg-amber-100 text-amber-900' },
  failing: { text: 'Waiting for sync: the mail host is not answering, retrying', tone: 'bg-red-100 text-red-800' },
  off: { text: 'Mail host disabled: not published', tone: 'bg-slate-200 text-slate-700' },
};

/**
 * Whether what the page shows is live on the mail host. Drawn by the server right after a change (so the
 * mark is the host's state at that change) and asked again every 2 s (5 s while the host fails) until live.
 */
export function SyncBadge({ mailHostId, initial, mark }: { mailHostId: string; initial: SyncState; mark: string | null }) {
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
  const look = LOOK[state];
  return (
    <span
      aria-live="polite"
      aria-atomic="true"
      data-testid="sync-status"
      data-state={state}
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${look.tone}`}
    >
      {look.text}
    </span>
  );
}
