// The proxy in front of every page (proxy.ts): a POST from another origin is a 403 (lib/web/same-origin.ts),
// not Next's 500; each response its own CSP nonce; without a session cookie, /postoffice goes to its own
// login page and everything else to the panel's, but the login pages and Auth.js' routes open as they are.
// The build's static files are not matched.
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { config, proxy } from '../proxy';

const matcher = new RegExp(`^${config.matcher[0]}$`);
const go = (path: string, cookie?: string) =>
  proxy(new NextRequest(`http://panel.test${path}`, cookie ? { headers: { cookie: `${cookie}=x` } } : {}));

describe('proxy', () => {
  it.each([
    ['/postoffice', '/postoffice/login'],
    ['/postoffice/settings', '/postoffice/login'],
    ['/accounts', '/login'],
    ['/', '/login'],
    ['/postofficer', '/login'],
  ])('sends %s without a session to %s', (path, login) => {
    expect(new URL(go(path).headers.get('location') ?? '').pathname).toBe(login);
  });

  it('lets a request with a session cookie through, whichever kind of session it is', () => {
    expect(go('/postoffice', 'authjs.session-token').headers.get('location')).toBeNull();
    expect(go('/accounts', '__Secure-authjs.session-token').headers.get('location')).toBeNull();
  });

  it.each(['/login', '/postoffice/login', '/api/auth/session', '/api/auth/callback/credentials'])('opens %s without a session', (path) => {
    expect(go(path).headers.get('location')).toBeNull();
    expect(go(path).status).toBe(200);
  });

  it('gives every response, redirect or page, a Content-Security-Policy with a nonce of its own', () => {
    const nonces = ['/login', '/accounts', '/'].map((path) => {
      const csp = go(path, path === '/' ? 'authjs.session-token' : undefined).headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      return /'nonce-([^']+)'/.exec(csp)?.[1];
    });
    expect(nonces.every(Boolean)).toBe(true);
    expect(new Set(nonces).size).toBe(3);
  });

  it('sends HSTS over HTTPS only', () => {
    expect(go('/login').headers.get('strict-transport-security')).toBeNull();
    const https = proxy(new NextRequest('https://panel.test/login'));
    expect(https.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
  });

  it.each([
    // Every page is matched, the login pages too: their sign-in is a server action, checked for its origin.
    ['/login', true],
    ['/postoffice/login', true],
    ['/api/auth/session', true],
    ['/postoffice', true],
    ['/accounts', true],
    ['/_next/static/chunks/app.js', false],
    ['/favicon.ico', false],
  ])('matches %s: %s', (path, matched) => {
    expect(matcher.test(path)).toBe(matched);
  });

  const postFrom = (path: string, origin: string | null, extra: Record<string, string> = {}) =>
    proxy(
      new NextRequest(`http://panel.test${path}`, {
        method: 'POST',
        headers: { host: 'panel.test', cookie: 'authjs.session-token=x', ...(origin ? { origin } : {}), ...extra },
      }),
    );

  it.each(['/login', '/postoffice/login', '/api/auth/callback/credentials', '/api/auth/signout', '/accounts/new', '/mail-hosts/x'])(
    'refuses a POST to %s from another origin with a 403, and lets its own through',
    async (path) => {
      const foreign = postFrom(path, 'https://evil.example', { 'next-action': 'abc', 'sec-fetch-site': 'cross-site' });
      expect(foreign.status).toBe(403);
      expect(await foreign.text()).toContain('another origin');
      expect(postFrom(path, 'https://evil.example').status).toBe(403);
      expect(postFrom(path, 'zzz').status).toBe(403);
      expect(postFrom(path, null, { 'next-action': 'abc', 'sec-fetch-site': 'cross-site' }).status).toBe(403);
      const own = postFrom(path, 'http://panel.test', { 'next-action': 'abc', 'sec-fetch-site': 'same-origin' });
      expect(own.status).toBe(200);
      expect(own.headers.get('location')).toBeNull();
    },
  );

  it('refuses a body longer than a form may send with a 413, before Next’s 500', () => {
    const big = proxy(
      new NextRequest('http://panel.test/profile', {
        method: 'POST',
        headers: {
          host: 'panel.test',
          origin: 'http://panel.test',
          cookie: 'authjs.session-token=x',
          'content-length': String(3 * 1024 * 1024),
        },
      }),
    );
    expect(big.status).toBe(413);
  });
});
