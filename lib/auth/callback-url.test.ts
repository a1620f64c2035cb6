import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from './callback-url';

const ORIGIN = 'https://panel.example';

describe('safeCallbackPath', () => {
  it.each([
    ['/domains', '/domains'],
    ['/domains?page=2#top', '/domains?page=2#top'],
    ['https://panel.example/accounts', '/accounts'],
    ['accounts', '/accounts'],
    ['', '/'],
    [null, '/'],
    // Off-site, however it is written.
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['\\\\evil.example', '/'],
    ['https://panel.example.evil.example/', '/'],
    ['https://panel.example@evil.example/', '/'],
    ['http://panel.example/', '/'], // another scheme is another origin
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'], // stays a path of this site
    ['///evil.example', '/'],
    ['/\t/evil.example', '/'],
    // Not a web address at all.
    ['javascript:alert(1)', '/'],
    ['JavaScript:alert(1)', '/'],
    ['data:text/html,<script>alert(1)</script>', '/'],
    ['http://[::1', '/'],
  ])('%s → %s', (url, path) => {
    expect(safeCallbackPath(url, ORIGIN)).toBe(path);
  });
});
