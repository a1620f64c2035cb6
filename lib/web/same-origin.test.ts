import { describe, expect, it } from 'vitest';
import { crossOriginRefusal, type RequestOrigin } from './same-origin';

const post = (headers: Partial<RequestOrigin>): RequestOrigin => ({
  method: 'POST',
  origin: null,
  host: 'panel.example',
  forwardedHost: null,
  secFetchSite: null,
  ...headers,
});

describe('crossOriginRefusal', () => {
  it.each<[string, Partial<RequestOrigin>]>([
    ['a POST from the page itself', { origin: 'https://panel.example', secFetchSite: 'same-origin' }],
    ['the same host in another case', { origin: 'https://PANEL.example', host: 'Panel.Example' }],
    ['a port that matches', { origin: 'http://127.0.0.1:3100', host: '127.0.0.1:3100' }],
    [
      'behind a reverse proxy that names the public host',
      { origin: 'https://mail.example', host: '127.0.0.1:3000', forwardedHost: 'mail.example' },
    ],
    ['the first of several forwarded hosts', { origin: 'https://mail.example', forwardedHost: 'mail.example, 10.0.0.1' }],
    ['a script without Origin or fetch metadata (curl)', {}],
    ['a browser without Origin, from this site', { secFetchSite: 'same-origin' }],
    ['a navigation typed by the user', { secFetchSite: 'none' }],
    ['a GET from anywhere', { method: 'GET', origin: 'https://evil.example', secFetchSite: 'cross-site' }],
    ['a HEAD with a broken Origin', { method: 'HEAD', origin: 'zzz' }],
  ])('lets through %s', (_, headers) => {
    expect(crossOriginRefusal(post(headers))).toBeNull();
  });

  it.each<[string, Partial<RequestOrigin>, string]>([
    ['another site', { origin: 'https://evil.example' }, 'another origin'],
    ['another port of this host', { origin: 'https://panel.example:8443' }, 'another origin'],
    ['http posting to an https host on another port', { origin: 'http://panel.example:8080', host: 'panel.example' }, 'another origin'],
    ['a sibling subdomain', { origin: 'https://x.panel.example', secFetchSite: 'same-site' }, 'another origin'],
    [
      'a Host that matches while the proxy names another',
      { origin: 'https://panel.example', forwardedHost: 'mail.example' },
      'another origin',
    ],
    ['a sandboxed frame ("null")', { origin: 'null' }, 'not a web origin'],
    ['an Origin that is not a URL', { origin: 'zzz' }, 'not a web origin'],
    ['an Origin with a path', { origin: 'https://panel.example/x' }, 'not a web origin'],
    ['a file: origin', { origin: 'file://' }, 'not a web origin'],
    ['no host to compare with', { origin: 'https://panel.example', host: null }, 'names no host'],
    ['a browser saying cross-site without Origin', { secFetchSite: 'cross-site' }, 'cross-site request'],
    ['a browser saying same-site without Origin', { secFetchSite: 'same-site' }, 'same-site request'],
    ['a DELETE from another site', { method: 'delete', origin: 'https://evil.example' }, 'another origin'],
  ])('refuses %s', (_, headers, why) => {
    expect(crossOriginRefusal(post(headers))).toContain(why);
  });
});
