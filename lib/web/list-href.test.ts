import { describe, expect, it } from 'vitest';
import { hrefWith, sortHeader } from './list-href';

describe('hrefWith', () => {
  it.each([
    ['/accounts', {}, {}, '/accounts'],
    ['/accounts', { q: 'joe' }, { after: 'x' }, '/accounts?q=joe&after=x'],
    ['/accounts', { q: 'joe', after: 'x' }, { after: undefined, before: 'y' }, '/accounts?q=joe&before=y'],
    ['/domains', { q: 'bücher' }, {}, '/domains?q=b%C3%BCcher'],
    ['/accounts', { q: '' }, {}, '/accounts'],
  ])('%s %j + %j → %s', (path, params, change, href) => {
    expect(hrefWith(path, params, change)).toBe(href);
  });
});

describe('sortHeader', () => {
  const params = { q: 'joe', sort: 'name', after: 'cursor' };

  it('sorts another column ascending, from the first page, keeping the search', () => {
    expect(sortHeader('/accounts', params, { key: 'name', desc: false }, 'quota', 'Quota')).toEqual({
      label: 'Quota',
      href: '/accounts?q=joe&sort=quota',
      sorted: null,
    });
  });

  it('turns the current column around', () => {
    expect(sortHeader('/accounts', params, { key: 'name', desc: false }, 'name', 'Account')).toMatchObject({
      href: '/accounts?q=joe&sort=-name',
      sorted: 'ascending',
    });
    expect(sortHeader('/accounts', params, { key: 'name', desc: true }, 'name', 'Account')).toMatchObject({
      href: '/accounts?q=joe&sort=name',
      sorted: 'descending',
    });
  });
});
