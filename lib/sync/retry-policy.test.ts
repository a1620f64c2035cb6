import { describe, expect, it } from 'vitest';
import { nextAttemptAt, retryDelayMs, withJitter } from './retry-policy';

describe('retryDelayMs', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };
  it.each([
    [0, 0],
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [6, 32_000],
    [7, 60_000],
    [50, 60_000],
    [10_000, 60_000],
  ])('after %i failures waits %i ms', (failures, ms) => {
    expect(retryDelayMs(failures, policy)).toBe(ms);
  });
});

describe('nextAttemptAt', () => {
  it('adds the delay to the last failure', () => {
    expect(nextAttemptAt(new Date('2026-01-01T00:00:00Z'), 3, { baseMs: 1000, maxMs: 60_000 }).toISOString()).toBe(
      '2026-01-01T00:00:04.000Z',
    );
  });
});

describe('withJitter', () => {
  it.each([
    [0, 1000],
    [0.5, 1100],
    [0.999, 1200],
  ])('random %f → %i', (r, ms) => {
    expect(withJitter(1000, () => r)).toBe(ms);
  });
});
