// The optimistic redirect in front of every page (proxy.ts): without a session cookie, /postoffice goes
// to its own login page and everything else to the panel's; the login pages and Auth.js' routes are open.
// And before that, for every path: a POST from another origin is a 403 (lib/web/same-origin.ts), not Next's 500.
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

  it.each(['/login', '/postoffice/login', '/api/auth/session', '/api/auth/callback/credentials'])(
    'leaves %s open without a session',
    (path) => {
      expect(go(path).headers.get('location')).toBeNull();
      expect(go(path).status).toBe(200);
    },
  );

  it.each([
    // Every page is matched, the login pages too: their sign-in is a server action, checked for its origin.
    ['/login', true],
    ['/postoffice/login', true],
    ['/api/auth/session', true],
    ['/_next/static/chunks/x.js', false],
    ['/favicon.ico', false],
    ['/postoffice', true],
    ['/postoffice/forward', true],
    ['/accounts', true],
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
});
