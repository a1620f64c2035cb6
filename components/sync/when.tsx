import { durationText } from '@/lib/web/phase-times';

/** A time as UTC text with the machine-readable value kept (the pages show UTC throughout). */
export function When({ at }: { at: Date | null | undefined }) {
  if (!at) return <>—</>;
  return <time dateTime={at.toISOString()}>{at.toISOString().slice(0, 19).replace('T', ' ')} UTC</time>;
}

export function duration(from: Date, to: Date | null): string {
  return to ? durationText(to.getTime() - from.getTime()) : 'running';
}
