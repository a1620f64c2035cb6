// The run page's line of phase times. A full publish writes and builds each file while the render makes
// the rest (lib/sync/publish.ts), so its phases overlap and their times add up to more than the run took:
// the line says so rather than let the sum read as the run's time.

const PHASES = ['load', 'render', 'connect', 'compare', 'prepare', 'upload', 'build', 'check', 'swap', 'reload', 'prune'];
const order = (phase: string) => (PHASES.includes(phase) ? PHASES.indexOf(phase) : PHASES.length);

export interface PhaseTimes {
  /** "load 120 ms · render 900 ms · …" in the order a publish runs them; "—" when none were recorded. */
  line: string;
  /** What to say of the sum: why it is more than the run's time, or nothing. */
  note: string | null;
}

/** `runMs` is the run's own time (start to finish), null while it runs. */
export function phaseTimes(phases: Record<string, number> | null | undefined, runMs: number | null): PhaseTimes {
  const entries = Object.entries(phases ?? {})
    .filter(([, ms]) => Number.isFinite(ms))
    .sort(([a], [b]) => order(a) - order(b));
  if (entries.length === 0) return { line: '—', note: null };
  const line = entries.map(([name, ms]) => `${name} ${ms} ms`).join(' · ');
  const sum = entries.reduce((total, [, ms]) => total + ms, 0);
  // Each phase is rounded to a millisecond and the run's time is taken apart from them: a few ms either way
  // is not an overlap.
  const overlapped = runMs !== null && sum > runMs + Math.max(50, runMs * 0.02);
  return {
    line,
    note: overlapped
      ? `They add up to ${durationText(sum)} in a run of ${durationText(runMs)}: the files were written and built while the render made the rest.`
      : null,
  };
}

/** A run's or a phase's time as the sync pages write it: "850 ms", "12.3 s". */
export const durationText = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
