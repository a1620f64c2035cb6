import { describe, expect, it } from 'vitest';
import { bulkDoneHref, bulkDoneNotice } from './bulk-words';

describe('bulk notices', () => {
  it.each([
    ['alias', { bulk: 'delete', count: '3' }, '3 aliases deleted. Waiting for sync.'],
    ['account', { bulk: 'disable', count: '1' }, '1 account disabled. Waiting for sync.'],
    ['domain', { bulk: 'enable', count: '0' }, 'Nothing to change: the selected domains were enabled already.'],
    ['domain', { bulk: '<script>', count: '2' }, null],
    ['domain', { bulk: 'enable', count: 'lots' }, null],
    ['domain', {}, null],
  ] as const)('%s %j → %s', (kind, params, expected) => {
    expect(bulkDoneNotice(kind, params)).toBe(expected);
  });

  it('sends the list the op and the count only', () => {
    expect(bulkDoneHref({ kind: 'account', op: 'disable', ids: ['x'] }, 2)).toBe('/accounts?bulk=disable&count=2');
  });
});
