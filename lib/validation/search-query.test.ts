import { describe, expect, it } from 'vitest';
import { likeLiteral, SearchQuery, SEARCH_MAX } from './search-query';

describe('SearchQuery', () => {
  it.each([
    [{ q: 'joe@example.org' }, 'joe@example.org'],
    [{ q: '  bücher  ' }, 'bücher'],
    [{ q: '%_\\\'"' }, '%_\\\'"'],
    [{ q: 'x'.repeat(SEARCH_MAX) }, 'x'.repeat(SEARCH_MAX)],
    // No search rather than an error page: empty, too long, control characters, not one string.
    [{ q: '' }, undefined],
    [{ q: '   ' }, undefined],
    [{ q: 'x'.repeat(SEARCH_MAX + 1) }, undefined],
    [{ q: 'joe\u0000' }, undefined],
    [{ q: 'a\nb' }, undefined],
    [{ q: 'a\u0085b' }, undefined],
    [{ q: ['a', 'b'] }, undefined],
    [{}, undefined],
  ])('reads %j as %j', (params, q) => {
    expect(SearchQuery.parse(params)).toEqual({ q });
  });
});

describe('likeLiteral', () => {
  it.each([
    ['joe', 'joe'],
    ['50%', '50\\%'],
    ['a_b', 'a\\_b'],
    ['back\\slash', 'back\\\\slash'],
    ["it's", "it's"],
  ])('escapes %j as %j', (text, pattern) => {
    expect(likeLiteral(text)).toBe(pattern);
  });
});
