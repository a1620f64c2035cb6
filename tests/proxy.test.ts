// The optimistic redirect in front of every page (proxy.ts): without a session cookie, /postoffice goes
// to its own login page and everything else to the panel's; the login pages themselves are not matched.
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

  it.each([
    ['/login', false],
    ['/postoffice/login', false],
    ['/api/auth/session', false],
    ['/postoffice', true],
    ['/postoffice/forward', true],
    ['/accounts', true],
  ])('matches %s: %s', (path, matched) => {
    expect(matcher.test(path)).toBe(matched);
  });
});
