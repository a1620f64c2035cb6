import { describe, expect, it } from 'vitest';
import { canBeKnown, MAX_DELAY_MS, throttleDecision } from './login-throttle-rules';

describe('throttleDecision', () => {
  it.each([
    // fromClient, overall, known, decision
    [1, 1, false, { check: true, delayMs: 0 }],
    [10, 10, false, { check: true, delayMs: 0 }],
    [11, 11, false, { check: false }],
    [11, 11, true, { check: false }], // a known client too: 10 tries a window from any one client
    [1, 100, false, { check: true, delayMs: 0 }],
    [1, 101, false, { check: false }],
    [1, 101, true, { check: true, delayMs: 250 }],
    [1, 104, true, { check: true, delayMs: 1000 }],
    [1, 5000, true, { check: true, delayMs: MAX_DELAY_MS }],
  ])('from the client %i, overall %i, known %s', (fromClient, overall, known, decision) => {
    expect(throttleDecision({ fromClient, overall }, known)).toEqual(decision);
  });
});

describe('canBeKnown', () => {
  it.each([
    ['203.0.113.9', true],
    ['2001:db8::1', true],
    ['direct', false],
    ['unknown', false],
  ])('%s: %s', (client, known) => {
    expect(canBeKnown(client)).toBe(known);
  });
});
