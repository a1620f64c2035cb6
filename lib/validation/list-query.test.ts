import { describe, expect, it } from 'vitest';
import { listQuery, parseCursor, parseSort, sortParam } from './list-query';

const KEYS = ['name', 'quota', 'created'] as const;

describe('parseSort', () => {
  it.each([
    ['name', { key: 'name', desc: false }],
    ['-quota', { key: 'quota', desc: true }],
    [' created ', { key: 'created', desc: false }],
    // Anything a list does not offer is its default order, never an error or a raw column name.
    ['-password', { key: 'name', desc: false }],
    ['id', { key: 'name', desc: false }],
    ['--name', { key: 'name', desc: false }],
    ['', { key: 'name', desc: false }],
    [undefined, { key: 'name', desc: false }],
    [['quota', 'name'], { key: 'name', desc: false }],
  ])('reads %j as %j', (raw, sort) => {
    expect(parseSort(raw, KEYS)).toEqual(sort);
  });

  it('writes back what it reads', () => {
    for (const raw of ['name', '-name', 'quota', '-created']) expect(sortParam(parseSort(raw, KEYS))).toBe(raw);
  });
});

describe('listQuery', () => {
  const schema = listQuery(KEYS);
  const id = '7d9f1c3e-0000-4000-8000-000000000000';

  it('keeps a search, a sort and a cursor', () => {
    expect(schema.parse({ q: ' joe ', sort: '-quota', after: id })).toEqual({
      q: 'joe',
      sort: { key: 'quota', desc: true },
      after: id,
      before: undefined,
    });
  });

  it('reads an address with nothing in it as the first page in the default order', () => {
    expect(schema.parse({})).toEqual({ q: undefined, sort: { key: 'name', desc: false }, after: undefined, before: undefined });
  });

  it('drops what it cannot use instead of failing', () => {
    expect(schema.parse({ q: '', sort: 'x', after: 'not-an-id', before: ['a'] })).toEqual({
      q: undefined,
      sort: { key: 'name', desc: false },
      after: undefined,
      before: undefined,
    });
  });
});

describe('parseCursor', () => {
  const id = '7d9f1c3e-0000-4000-8000-000000000000';
  // Every cursor of the app is read through this: a bad one is the first page, never a database error.
  it.each([
    [id, id],
    ['zzz', undefined],
    ['', undefined],
    [`${id}'`, undefined],
    [[id, id], undefined],
    [undefined, undefined],
    [42, undefined],
    ['x'.repeat(10_000), undefined],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseCursor(raw)).toBe(expected);
  });
});
