import { describe, expect, it } from 'vitest';
import { usage } from './usage';

describe('usage', () => {
  it.each([
    [0, 10, 0, 'ok', '0 of 10'],
    [3, 10, 30, 'ok', '3 of 10'],
    [7, 9, 77, 'ok', '7 of 9'],
    [8, 10, 80, 'near', '8 of 10'],
    [9, 10, 90, 'near', '9 of 10'],
    [10, 10, 100, 'full', '10 of 10'],
    [12, 10, 100, 'full', '12 of 10'],
    [0, 0, 0, 'ok', '0 of 0'],
    [1, 0, 100, 'full', '1 of 0'],
    [1999, 2000, 99, 'near', '1,999 of 2,000'],
  ] as const)('%i of %i: %i %%, %s', (used, limit, percent, level, text) => {
    expect(usage('Domains', used, limit)).toMatchObject({ percent, level, text });
  });

  it('names a unit', () => {
    expect(usage('Quota', 1024, 2048, 'MiB').text).toBe('1,024 of 2,048 MiB');
  });
});
