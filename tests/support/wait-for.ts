// Tests wait for what they need to see, never for a fixed time: a busy machine only makes them slower.

/** Asks `probe` every 50 ms until it answers something truthy (returned), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | false | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
