import { hostStateText, type Audience } from '@/lib/sync/status-wording';
import { When } from './when';

interface HostStatusProps {
  enabled: boolean;
  liveRevision: number;
  waiting: boolean;
  lastSyncAt: Date | null;
  failingSince: Date | null;
  lastError: string | null;
  /** Operators see the tool's text; customers and resellers a sentence in their words (lib/sync/status-wording.ts). */
  audience?: Audience;
}

/** A host's sync state in one cell: what is live, what waits, and why it fails when it does. */
export function HostStatus({
  enabled,
  liveRevision,
  waiting,
  lastSyncAt,
  failingSince,
  lastError,
  audience = 'operator',
}: HostStatusProps) {
  const state = hostStateText({ enabled, failing: failingSince !== null, waiting, published: liveRevision > 0 }, audience);
  return (
    <div className="flex flex-col gap-1" data-testid="host-status">
      <span>
        <Pill tone={state.tone}>{state.label}</Pill>
      </span>
      {state.detail ? <span className="text-xs text-slate-700">{state.detail}</span> : null}
      {failingSince && audience === 'operator' ? (
        <span className="text-xs text-red-800">
          since <When at={failingSince} />
          {lastError ? (
            <span className="block break-all font-mono" data-testid="host-error">
              {lastError}
            </span>
          ) : null}
        </span>
      ) : null}
      {lastSyncAt ? (
        <span className="text-xs text-slate-600">
          last success <When at={lastSyncAt} />
        </span>
      ) : null}
    </div>
  );
}

const TONES = {
  emerald: 'bg-emerald-100 text-emerald-800',
  amber: 'bg-amber-100 text-amber-900',
  red: 'bg-red-100 text-red-800',
  slate: 'bg-slate-200 text-slate-700',
};

export function Pill({ tone, children }: { tone: keyof typeof TONES; children: React.ReactNode }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${TONES[tone]}`}>{children}</span>;
}
