import { Button } from '@/components/ui/button';

/**
 * On every page while support acts as a tenant: who acts as whom, until when, why, and "Stop acting".
 * A plain form (works without JavaScript); the act-as also ends by itself at its expiry.
 */
export function ActAsBanner({
  support,
  target,
  reason,
  until,
  stop,
}: {
  support: string;
  target: string;
  reason: string;
  until: Date;
  stop: () => Promise<void>;
}) {
  const time = until.toISOString().slice(11, 16);
  return (
    <section
      aria-label="Acting as"
      className="border-b border-amber-300 bg-amber-100 px-4 py-2 text-sm text-amber-950"
      data-testid="act-as-banner"
    >
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3">
        <p className="flex-1">
          <strong>Support {support}</strong> acting as <strong>{target}</strong> until {time} UTC — {reason}
        </p>
        <form action={stop}>
          <Button type="submit" tone="secondary">
            Stop acting
          </Button>
        </form>
      </div>
    </section>
  );
}
