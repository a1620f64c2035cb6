import { describe, expect, it } from 'vitest';
import { ActAsInput } from './act-as';

describe('ActAsInput', () => {
  it.each([
    [
      { reason: '  ticket 4711: forwards lost  ', minutes: '30' },
      { reason: 'ticket 4711: forwards lost', minutes: 30 },
    ],
    [
      { reason: 'abc', minutes: '60' },
      { reason: 'abc', minutes: 60 },
    ],
  ])('%j reads as %j', (input, expected) => {
    expect(ActAsInput.parse(input)).toEqual(expected);
  });

  it.each([
    [{ reason: '', minutes: '15' }, 'Say why'],
    [{ reason: 'ok', minutes: '15' }, 'at least 3'],
    [{ reason: 'x'.repeat(501), minutes: '15' }, 'under 500'],
    [{ reason: 'two\nlines', minutes: '15' }, 'one line'],
    [{ reason: 'fine reason', minutes: '61' }, '15, 30 or 60'],
    [{ reason: 'fine reason', minutes: '120' }, '15, 30 or 60'],
  ])('%j is refused: %s', (input, message) => {
    const result = ActAsInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join(' ')).toContain(message);
  });
});
