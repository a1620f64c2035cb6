// Runs a generator that pauses with bare `yield`s (lib/mail/snapshot-checks.ts) a slice of time at a time,
// giving the event loop a turn between slices: I/O such as a database write's replies is handled in the
// gaps, so the two go on together (the database on its own core). Pure CPU work otherwise.

const SLICE_MS = 15;

export async function inSlices<T>(steps: Generator<void, T, void>, stopped: () => boolean = () => false): Promise<T> {
  // The other work goes first: its first request is on its way before the first slice runs.
  await turn();
  let until = performance.now() + SLICE_MS;
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() < until) continue;
    await turn();
    // The caller gave up (the write it went along with failed): the rest is not wanted.
    if (stopped()) throw new Error('stopped');
    until = performance.now() + SLICE_MS;
  }
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
