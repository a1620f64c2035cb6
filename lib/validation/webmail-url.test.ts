import { describe, expect, it } from 'vitest';
import { WebmailUrlInput } from './mail-host';

// The mail host's webmail link for /postoffice: a web address or nothing, the same line as the database's
// CHECK ("webmailUrl" ~ '^https?://'), so no javascript: or file: link reaches a mailbox owner.
describe('webmail URL', () => {
  it.each([
    ['https://webmail.example.com/', 'https://webmail.example.com/'],
    ['  http://mail.example.net/roundcube/?_task=mail  ', 'http://mail.example.net/roundcube/?_task=mail'],
    ['https://[2001:db8::1]:8443/', 'https://[2001:db8::1]:8443/'],
    ['', null],
    ['   ', null],
  ])('takes %j as %j', (typed, stored) => {
    expect(WebmailUrlInput.parse({ webmailUrl: typed })).toEqual({ webmailUrl: stored });
  });

  it.each([
    ['javascript:alert(1)'],
    ['file:///etc/passwd'],
    ['ftp://files.example.com/'],
    ['HTTPS://WEBMAIL.EXAMPLE.COM/'],
    ['webmail.example.com'],
    ['https://'],
    ['https:///path'],
    ['https://web mail.example.com/'],
    [`https://example.com/${'a'.repeat(2000)}`],
  ])('refuses %j', (typed) => {
    expect(WebmailUrlInput.safeParse({ webmailUrl: typed }).success).toBe(false);
  });
});
