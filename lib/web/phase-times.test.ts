import { describe, expect, it } from 'vitest';
import { phaseTimes } from './phase-times';

describe("a run's phase times as its page shows them", () => {
  it('lists the phases in the order a publish runs them, whatever order they were stored in', () => {
    const times = phaseTimes({ prune: 3, build: 40, load: 10, render: 20, swap: 2, upload: 5, prepare: 1 }, 100);
    expect(times.line).toBe('load 10 ms · render 20 ms · prepare 1 ms · upload 5 ms · build 40 ms · swap 2 ms · prune 3 ms');
    expect(times.note).toBeNull();
  });

  it('says why the phases add up to more than the run took when they overlapped', () => {
    // A full publish: the builds ran while the render made the rest.
    const times = phaseTimes({ load: 4_000, render: 9_000, upload: 8_500, build: 11_000, swap: 200 }, 21_000);
    expect(times.note).toBe('They add up to 32.7 s in a run of 21.0 s: the files were written and built while the render made the rest.');
  });

  it('says nothing of a sum that is the run time give or take the rounding, nor of a run still going', () => {
    expect(phaseTimes({ load: 500, render: 520 }, 1_000).note).toBeNull();
    expect(phaseTimes({ load: 5_000, render: 9_000, build: 11_000 }, null).note).toBeNull();
  });

  it('shows a dash when no phase was recorded', () => {
    expect(phaseTimes(null, 1_000)).toEqual({ line: '—', note: null });
    expect(phaseTimes({}, null)).toEqual({ line: '—', note: null });
  });
});
