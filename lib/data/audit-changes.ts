/**
 * The fields that differ between two versions of a row, as `{ before, after }` holding only those fields:
 * what an edit's audit event records, so the log shows "maxDomains 10 → 5" and nothing unchanged.
 */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T) {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      was[key] = before[key];
      now[key] = after[key];
    }
  }
  return { before: was, after: now } as { before: Record<string, never>; after: Record<string, never> };
}
