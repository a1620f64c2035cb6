import { describe, expect, it } from 'vitest';
import { bulkQuery, MAX_BATCH } from './bulk';

const A = '0b6f8a3e-5d9c-4c1e-9f0a-1a2b3c4d5e6f';
const B = '1b6f8a3e-5d9c-4c1e-9f0a-1a2b3c4d5e6f';

describe('bulkQuery', () => {
  it.each([
    ['account', { op: 'disable', ids: [A, B] }, { op: 'disable', ids: [A, B] }],
    ['account', { op: 'delete', ids: A }, { op: 'delete', ids: [A] }],
    ['domain', { op: 'enable', ids: [A, A] }, { op: 'enable', ids: [A] }],
    ['alias', { op: 'delete', ids: [B] }, { op: 'delete', ids: [B] }],
  ] as const)('%s %j reads as %j', (kind, query, expected) => {
    expect(bulkQuery(kind).parse(query)).toEqual(expected);
  });

  it.each([
    ['alias', { op: 'disable', ids: [A] }, 'Choose what to do'],
    ['domain', { op: 'delete', ids: [A] }, 'Choose what to do'],
    ['account', { op: 'enable' }, 'Select at least one row'],
    ['account', { op: 'enable', ids: ['x; DROP TABLE'] }, 'not one of this list'],
    ['account', { op: 'enable', ids: Array.from({ length: MAX_BATCH + 1 }, () => A) }, `at most ${MAX_BATCH}`],
  ] as const)('%s %j is refused with a clear message', (kind, query, message) => {
    const result = bulkQuery(kind).safeParse(query);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join(' ')).toContain(message);
  });
});
