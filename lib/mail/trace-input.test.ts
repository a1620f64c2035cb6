import { describe, expect, it } from 'vitest';
import { checkTracedAddress } from './trace-input';

describe('checkTracedAddress', () => {
  it.each([
    ['joe@subhost1.example', 'joe@subhost1.example'],
    ['  <Joe@SubHost1.Example>  ', 'Joe@subhost1.example'],
    ['joe+tag@bücher.de', 'joe+tag@xn--bcher-kva.de'],
  ])('accepts %j as %j', (typed, address) => {
    expect(checkTracedAddress(typed)).toEqual({ ok: true, value: address });
  });

  it.each([
    ['', 'Type an address to trace'],
    ['   ', 'Type an address to trace'],
    ['joe@@x', '“joe@@x” is not an address: an address has one “@”.'],
    ['joe', '“joe” is not an address: type a full address'],
    ['@x.example', 'is not an address: type a full address'],
    ['joe@', 'is not an address: type a full address'],
    ['jo e@x.example', 'is not an address: only plain addresses'],
    ['joe@x', 'is not an address: after “@”: Enter a fully qualified domain name'],
    ['joe@exa mple.com', 'is not an address: after “@”'],
  ])('refuses %j: %j', (typed, message) => {
    const checked = checkTracedAddress(typed);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems.join(' ')).toContain(message);
  });
});
