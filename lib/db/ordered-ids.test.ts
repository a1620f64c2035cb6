import { describe, expect, it } from 'vitest';
import { orderedIds } from './ordered-ids';

describe('orderedIds', () => {
  it('hands out distinct version 7 UUIDs that ascend in the order given', () => {
    const ids = orderedIds(50_000);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Postgres orders uuid values byte by byte: the same order as their lower-case text.
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
  });

  it('puts the time of the call in the first 48 bits', () => {
    const before = Date.now();
    const [id] = orderedIds(1);
    const ms = parseInt(id!.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
  });
});
