import { describe, expect, it } from 'vitest';
import { normalizeDomainName } from './domain-name';

describe('normalizeDomainName', () => {
  it.each([
    ['example.com', 'example.com'],
    ['  Example.COM  ', 'example.com'],
    ['example.com.', 'example.com'],
    ['sub.host-1.example.co.uk', 'sub.host-1.example.co.uk'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['BÜCHER.DE', 'xn--bcher-kva.de'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['例え.テスト', 'xn--r8jz45g.xn--zckzah'],
    ['a'.repeat(63) + '.com', 'a'.repeat(63) + '.com'],
  ])('accepts %j as %j', (input, expected) => {
    expect(normalizeDomainName(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'Enter a domain name'],
    ['   ', 'Enter a domain name'],
    ['localhost', 'fully qualified'],
    ['example..com', 'empty parts'],
    ['-example.com', 'start and end'],
    ['example-.com', 'start and end'],
    ['exa_mple.com', 'start and end'],
    ['a'.repeat(64) + '.com', 'at most 63'],
    [('a'.repeat(60) + '.').repeat(5) + 'com', 'at most 253'],
    ['example.com\nevil.com', 'only letters'],
    ['example.com\tbob', 'only letters'],
    ['example.com\u0000', 'only letters'],
    ['exa mple.com', 'only letters'],
    ['evil.com/x', 'only letters'],
    ['bob@example.com', 'only letters'],
    ['example.com:25', 'only letters'],
    ['example.com#x', 'only letters'],
    ['%65xample.com', 'only letters'],
    ['example,com', 'only letters'],
    ['192.168.1.1', 'IP address'],
    ['[::1]', 'only letters'],
  ])('rejects %j with a message about %j', (input, fragment) => {
    const result = normalizeDomainName(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(' ')).toContain(fragment);
  });
});
