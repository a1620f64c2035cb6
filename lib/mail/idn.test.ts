import { describe, expect, it } from 'vitest';
import { addressForDisplay, domainForDisplay, hasUnicodeForm, idnDomainTerms, searchTerms } from './idn';
import { normalizeDomainName } from './domain-name';

describe('domainForDisplay', () => {
  it.each([
    ['xn--bcher-kva.example', 'bücher.example'],
    ['mail.xn--bcher-kva.example', 'mail.bücher.example'],
    ['xn--r8jz45g.xn--zckzah', '例え.テスト'],
    ['example.com', 'example.com'],
    // Not a valid A-label: shown as stored rather than as nothing.
    ['xn--zz.example', 'xn--zz.example'],
    ['axn--b.example', 'axn--b.example'],
  ])('shows %j as %j', (ascii, shown) => {
    expect(domainForDisplay(ascii)).toBe(shown);
  });

  it('reads back what the domain form stores', () => {
    const stored = normalizeDomainName('Bücher.Example');
    expect(stored.ok && domainForDisplay(stored.value)).toBe('bücher.example');
  });
});

describe('addressForDisplay', () => {
  it.each([
    ['joe@xn--bcher-kva.example', 'joe@bücher.example'],
    ['@xn--bcher-kva.example', '@bücher.example'],
    ['joe', 'joe'],
    ['xn--bcher-kva.example', 'bücher.example'],
    ['joe@example.com', 'joe@example.com'],
  ])('shows %j as %j', (address, shown) => {
    expect(addressForDisplay(address)).toBe(shown);
  });

  it('tells when the ASCII form differs', () => {
    expect(hasUnicodeForm('joe@xn--bcher-kva.example')).toBe(true);
    expect(hasUnicodeForm('joe@example.com')).toBe(false);
  });
});

describe('searchTerms', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['  ', []],
    ['Joe', ['joe']],
    ['xn--bcher', ['xn--bcher']],
    ['bücher', ['bücher', 'xn--bcher-kva']],
    ['BÜCHER.example', ['bücher.example', 'xn--bcher-kva.example']],
    ['joe@bücher.example', ['joe@bücher.example', 'joe@xn--bcher-kva.example']],
    ['@bücher', ['@bücher', '@xn--bcher-kva']],
    // The local part is never converted: only domains have an A-label.
    ['jöe@', ['jöe@']],
    // No A-label form (a space is not allowed in a domain): searched as typed.
    ['bü cher', ['bü cher']],
  ])('looks for %j as %j', (query, terms) => {
    expect(searchTerms(query)).toEqual(terms);
  });
});

describe('idnDomainTerms', () => {
  const domains = ['xn--bcher-shop-9db.example', 'xn--bcher-kva.example', 'example.com', 'xn--mnchen-3ya.de'];

  it.each<[string, string[]]>([
    // A part of a label: found through the Unicode names of the domains the searcher sees.
    ['bücher', ['xn--bcher-shop-9db.example', 'xn--bcher-kva.example']],
    ['ücher-sh', ['xn--bcher-shop-9db.example']],
    ['joe@bücher-shop', ['joe@xn--bcher-shop-9db.example']],
    ['MÜNCHEN', ['xn--mnchen-3ya.de']],
    // Nothing to add for an ASCII query, or when only the local part is Unicode.
    ['bucher', []],
    ['jöe@example', []],
    ['straße', []],
  ])('adds for %j: %j', (query, terms) => {
    expect(idnDomainTerms(query, domains)).toEqual(terms);
  });

  it('adds at most the limit', () => {
    expect(idnDomainTerms('bücher', domains, 1)).toEqual(['xn--bcher-shop-9db.example']);
  });
});
